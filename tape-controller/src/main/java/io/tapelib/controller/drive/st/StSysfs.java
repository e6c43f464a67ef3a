package io.tapelib.controller.drive.st;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the st driver publishes in sysfs (Documentation/scsi/st.rst, "Sysfs Support"): one directory per node under
 * {@code /sys/class/scsi_tape/} ({@code st0}, {@code nst0}, ...) with {@code dev}, {@code options} and a
 * {@code device} link to the SCSI device, whose {@code scsi_generic/} directory names the drive's sg node.
 */
public final class StSysfs {

    /** The name of a SCSI generic node: {@code sg0}, {@code sg1}, ... */
    private static final Pattern GENERIC = Pattern.compile("sg\\d+");

    private final Path root;

    /** @param root the sysfs mount point, {@code /sys} on a real system (a directory tree in tests) */
    public StSysfs(Path root) {
        this.root = root;
    }

    /** The sysfs of this system, {@code /sys}. */
    public static StSysfs system() {
        return new StSysfs(Path.of("/sys"));
    }

    /**
     * The SCSI generic node of the drive behind a tape node.
     *
     * @param tapeName the node's name, e.g. {@code nst0}
     * @return e.g. {@code /dev/sg3}; empty when sysfs does not link one (the sg module is not loaded)
     */
    public Optional<String> scsiGenericNode(String tapeName) {
        return scsiGenericName(tapeName).map(n -> "/dev/" + n);
    }

    /**
     * The name of the SCSI generic node of the drive behind a tape node, as sysfs lists it under the SCSI device's
     * {@code scsi_generic/} directory (also what {@code lsscsi -g} shows).
     *
     * @param tapeName the node's name, e.g. {@code nst0} or {@code st0}
     * @return e.g. {@code sg3}; empty when sysfs does not link one (the sg module is not loaded)
     * @throws UncheckedIOException the directory exists but cannot be listed
     */
    public Optional<String> scsiGenericName(String tapeName) {
        Path dir = root.resolve("class/scsi_tape").resolve(tapeName).resolve("device/scsi_generic");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> GENERIC.matcher(n).matches()).sorted()
                    .findFirst();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * The driver options of a node (the MT_ST_xxx option bits of MTSETDRVBUFFER), from its {@code options} file.
     *
     * @return empty when the file does not exist or cannot be read as a number
     */
    public OptionalLong driverOptions(String tapeName) {
        Path file = root.resolve("class/scsi_tape").resolve(tapeName).resolve("options");
        try {
            return OptionalLong.of(Long.decode(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

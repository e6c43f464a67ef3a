package io.tapelib.controller.doctor;

import io.tapelib.controller.drive.st.StSysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the kernel's view of tape drives and medium changers from sysfs, as {@code lsscsi -g} does:
 * {@code class/scsi_tape/stN/device} is the SCSI device of drive {@code stN} (the class also lists the mode nodes
 * {@code stNl}, {@code stNm}, {@code stNa} and the non-rewinding {@code nstN*}, skipped here), with its
 * {@code vendor}, {@code model} and {@code type} attributes and its generic node under {@code scsi_generic/};
 * {@code class/scsi_generic/sgN/device} likewise for every generic node (Linux Documentation/scsi/st.rst,
 * Documentation/ABI/testing/sysfs-class-scsi_tape).
 */
public final class SysfsScan {

    private static final Pattern TAPE = Pattern.compile("st\\d+");
    private static final Pattern GENERIC = Pattern.compile("sg\\d+");

    private final Path sysfsRoot;
    private final StSysfs stSysfs;

    /** @param sysfsRoot where sysfs is mounted: {@code /sys} (a temp tree in tests) */
    public SysfsScan(Path sysfsRoot) {
        this.sysfsRoot = sysfsRoot;
        this.stSysfs = new StSysfs(sysfsRoot);
    }

    /** The directory of the st class, for messages. */
    public Path tapeClass() {
        return sysfsRoot.resolve("class/scsi_tape");
    }

    /** The directory of the sg class, for messages. */
    public Path genericClass() {
        return sysfsRoot.resolve("class/scsi_generic");
    }

    /** Every st device ({@code st0}, {@code st1}, ...) by number; empty when the st driver is not loaded. */
    public List<ScsiDevice> tapeDrives() {
        return scan(tapeClass(), TAPE);
    }

    /** Every SCSI generic node whose device is a medium changer (peripheral type 8). */
    public List<ScsiDevice> mediumChangers() {
        return genericNodes().stream().filter(d -> d.type() == ScsiDevice.MEDIUM_CHANGER).toList();
    }

    /** Every SCSI generic node; empty when the sg driver is not loaded. */
    public List<ScsiDevice> genericNodes() {
        return scan(genericClass(), GENERIC);
    }

    private List<ScsiDevice> scan(Path classDir, Pattern names) {
        List<ScsiDevice> found = new ArrayList<>();
        if (!Files.isDirectory(classDir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDir,
                p -> names.matcher(p.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                Path device = entry.resolve("device");
                String name = entry.getFileName().toString();
                Optional<String> generic = name.startsWith("sg") ? Optional.of(name) : genericOf(name);
                found.add(new ScsiDevice(name, generic, hctl(device), type(device), attribute(device, "vendor"),
                        attribute(device, "model")));
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparingInt(d -> Integer.parseInt(d.name().replaceAll("\\D", ""))));
        return found;
    }

    /** The generic node of a tape drive, by the same rule the st adapter uses to find it; empty when unreadable. */
    private Optional<String> genericOf(String tapeName) {
        try {
            return stSysfs.scsiGenericName(tapeName);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static String hctl(Path device) {
        try {
            return device.toRealPath().getFileName().toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static int type(Path device) {
        try {
            return Integer.parseInt(attribute(device, "type"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String attribute(Path device, String name) {
        try {
            return Files.readString(device.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

package io.tapelib.controller.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the medium changer is, parsed from {@code TAPE_CHANGER}: either the directory of a virtual tape library
 * ({@code virtual:<dir>}) or the SCSI generic device node of a real medium changer ({@code /dev/sg1}).
 * Exactly one of the two is present.
 *
 * @param virtualLibraryDirectory the directory of the virtual tape library, for {@code virtual:<dir>}
 * @param device                  the changer's device node, for a real library
 */
public record ChangerAddress(Optional<Path> virtualLibraryDirectory, Optional<Path> device) {

    private static final String VIRTUAL_PREFIX = "virtual:";

    public ChangerAddress {
        if (virtualLibraryDirectory.isPresent() == device.isPresent()) {
            throw new IllegalArgumentException("a changer address is either a virtual library directory or a device");
        }
    }

    /**
     * Parses {@code TAPE_CHANGER}.
     *
     * @param value {@code virtual:<dir>} or an absolute device path such as {@code /dev/sg1}
     * @throws UnsupportedChangerException an empty virtual directory, or a device path that is not absolute
     */
    public static ChangerAddress parse(String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith(VIRTUAL_PREFIX)) {
            String dir = trimmed.substring(VIRTUAL_PREFIX.length()).strip();
            if (dir.isEmpty()) {
                throw new UnsupportedChangerException("TAPE_CHANGER=" + value
                        + " names no directory; expected virtual:<dir>, e.g. virtual:/var/lib/tapelib/library");
            }
            return new ChangerAddress(Optional.of(Path.of(dir)), Optional.empty());
        }
        if (!trimmed.startsWith("/")) {
            throw new UnsupportedChangerException("TAPE_CHANGER=" + value + " is neither virtual:<dir> nor an absolute"
                    + " device path such as /dev/sg1 (the medium changer's SCSI generic node)");
        }
        return new ChangerAddress(Optional.empty(), Optional.of(Path.of(trimmed)));
    }

    /** Whether this names the virtual tape library. */
    public boolean isVirtual() {
        return virtualLibraryDirectory.isPresent();
    }

    @Override
    public String toString() {
        return virtualLibraryDirectory.map(d -> VIRTUAL_PREFIX + d).orElseGet(() -> device.orElseThrow().toString());
    }
}

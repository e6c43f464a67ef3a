package io.tapelib.controller.config;

import java.nio.file.Path;

/**
 * Where the medium changer is, parsed from {@code TAPE_CHANGER}.
 *
 * @param virtualLibraryDirectory the directory of the virtual tape library ({@code virtual:<dir>})
 */
public record ChangerAddress(Path virtualLibraryDirectory) {

    private static final String VIRTUAL_PREFIX = "virtual:";

    /**
     * Parses {@code TAPE_CHANGER}.
     *
     * @param value {@code virtual:<dir>} or a device path such as {@code /dev/sg1}
     * @throws UnsupportedChangerException a device path (the mtx and st adapters are not part of this build),
     *         or an empty virtual directory
     */
    public static ChangerAddress parse(String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith(VIRTUAL_PREFIX)) {
            String dir = trimmed.substring(VIRTUAL_PREFIX.length()).strip();
            if (dir.isEmpty()) {
                throw new UnsupportedChangerException("TAPE_CHANGER=" + value
                        + " names no directory; expected virtual:<dir>, e.g. virtual:/var/lib/tapelib/library");
            }
            return new ChangerAddress(Path.of(dir));
        }
        throw new UnsupportedChangerException("TAPE_CHANGER=" + value + " names a real medium changer, but this build only"
                + " drives the virtual tape library (TAPE_CHANGER=virtual:<dir>); the mtx changer and st drive adapters"
                + " come with the real-library issue");
    }
}

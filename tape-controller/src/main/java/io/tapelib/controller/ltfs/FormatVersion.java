package io.tapelib.controller.ltfs;

/** LTFS format version numbers (LTFS Format Specification 2.4, section 2.1 Versions). */
final class FormatVersion {

    /** The version this implementation writes in labels and indexes. */
    static final String WRITTEN = "2.4.0";

    private FormatVersion() {
    }

    /**
     * Accepts versions 1.x and 2.x, which this reader understands (later minor versions only add optional elements).
     *
     * @throws UnsupportedLtfsVersionException for any other version
     */
    static void check(String source, String version) {
        if (version == null || !(version.startsWith("1.") || version.startsWith("2."))) {
            throw new UnsupportedLtfsVersionException(source, String.valueOf(version));
        }
    }
}

package io.tapelib.controller.ltfs;

/**
 * The label or index declares an LTFS format version this implementation does not read: a major version other than
 * 1 or 2 (LTFS Format Specification 2.4, section 2.1 "Versions": a new major version is not readable by older
 * readers).
 */
public class UnsupportedLtfsVersionException extends LtfsException {
    private final String source;
    private final String version;

    /**
     * @param source  the volume and the place of the label or index, e.g. {@code TL0001L5 partition a block 5}
     * @param version the version attribute as written, e.g. {@code 3.0.0}
     */
    public UnsupportedLtfsVersionException(String source, String version) {
        super(source + ": unsupported LTFS format version " + version + " (supported: 1.x, 2.x)");
        this.source = source;
        this.version = version;
    }

    /** The volume and the place of the label or index. */
    public String source() {
        return source;
    }

    /** The version attribute as written. */
    public String version() {
        return version;
    }
}

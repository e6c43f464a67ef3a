package io.tapelib.controller.ltfs;

/** The label or index declares an LTFS format version this implementation does not read (major version other than 1 or 2). */
public class UnsupportedLtfsVersionException extends LtfsException {
    public UnsupportedLtfsVersionException(String source, String version) {
        super(source + ": unsupported LTFS format version " + version + " (supported: 1.x, 2.x)");
    }
}

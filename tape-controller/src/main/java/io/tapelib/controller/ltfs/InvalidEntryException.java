package io.tapelib.controller.ltfs;

/**
 * An entry that no LTFS volume can take, whatever it holds: an empty, "." or ".." path component, a NUL character, a
 * name longer than 255 bytes (LTFS Format Specification 2.4, section 7.4), or a symbolic link without target.
 */
public class InvalidEntryException extends LtfsException {
    public InvalidEntryException(String message) {
        super(message);
    }
}

package io.tapelib.controller.jobs;

/** The cartridge is not an LTFS volume this controller can use for the request (blank where data is needed, or unreadable); it is never written. */
public class UnsupportedVolumeException extends IllegalStateException {
    public UnsupportedVolumeException(String message) {
        super(message);
    }
}

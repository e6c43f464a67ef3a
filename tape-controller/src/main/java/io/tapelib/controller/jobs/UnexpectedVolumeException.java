package io.tapelib.controller.jobs;

/**
 * The cartridge does not hold the LTFS volume the caller expected (its catalog names another volume UUID): it changed
 * behind the caller, and nothing was written to it.
 */
public class UnexpectedVolumeException extends UnsupportedVolumeException {
    public UnexpectedVolumeException(String message) {
        super(message);
    }
}

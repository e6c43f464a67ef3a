package io.tapelib.controller.device;

/** A write reached the end of the partition (SSC: VOLUME OVERFLOW / EOM, errno ENOSPC); nothing of the failed block was written. */
public class EndOfMediumException extends DeviceException {
    public EndOfMediumException(String device, String message) {
        super(device, message);
    }
}

package io.tapelib.controller.device;

/** A read or space reached end of data (SSC: BLANK CHECK, 00/05 END-OF-DATA DETECTED); the position is at EOD. */
public class EndOfDataException extends DeviceException {
    public EndOfDataException(String device, String message) {
        super(device, message);
    }
}

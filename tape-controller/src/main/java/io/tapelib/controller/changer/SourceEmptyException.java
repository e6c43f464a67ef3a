package io.tapelib.controller.changer;

import io.tapelib.controller.device.DeviceException;

/** The source element of a move holds no cartridge (SMC: ILLEGAL REQUEST, 3B/0E MEDIUM SOURCE ELEMENT EMPTY). */
public class SourceEmptyException extends DeviceException {
    public SourceEmptyException(String device, String message) {
        super(device, message);
    }
}

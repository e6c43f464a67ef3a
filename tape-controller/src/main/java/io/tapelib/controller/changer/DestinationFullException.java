package io.tapelib.controller.changer;

import io.tapelib.controller.device.DeviceException;

/** The destination element of a move already holds a cartridge (SMC: ILLEGAL REQUEST, 3B/0D MEDIUM DESTINATION ELEMENT FULL); for a data transfer element: the drive is already loaded. */
public class DestinationFullException extends DeviceException {
    public DestinationFullException(String device, String message) {
        super(device, message);
    }
}

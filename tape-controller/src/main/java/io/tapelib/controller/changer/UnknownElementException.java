package io.tapelib.controller.changer;

import io.tapelib.controller.device.DeviceException;

/** An element number, slot or volume tag that the changer does not have. */
public class UnknownElementException extends DeviceException {
    public UnknownElementException(String device, String message) {
        super(device, message);
    }
}

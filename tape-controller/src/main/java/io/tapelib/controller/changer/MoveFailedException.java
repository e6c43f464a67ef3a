package io.tapelib.controller.changer;

import io.tapelib.controller.device.DeviceException;

/** The robot could not complete a move; the message carries the changer's sense text. Re-inventory before the next move. */
public class MoveFailedException extends DeviceException {
    public MoveFailedException(String device, String message) {
        super(device, message);
    }
}

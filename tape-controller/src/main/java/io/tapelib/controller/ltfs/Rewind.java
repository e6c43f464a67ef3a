package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.TapeDrive;

/** Positions a drive back at partition 0, block 0 after an operation, ignoring a device error. */
final class Rewind {

    private Rewind() {
    }

    static void quietly(TapeDrive drive) {
        try {
            drive.locate(0, 0);
        } catch (DeviceException e) {
            // positioning back is a courtesy to the next user; the operation's own result stands
        }
    }
}

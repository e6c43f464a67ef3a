package io.tapelib.controller.device;

/** A cleaning cartridge (volume tag CLN...) was asked to be used as a data cartridge. */
public class CleaningCartridgeException extends DeviceException {
    public CleaningCartridgeException(String device, String message) {
        super(device, message);
    }
}

package io.tapelib.controller.device;

/** The cartridge is write protected (SSC: DATA PROTECT, 27/00; errno EROFS). */
public class WriteProtectedException extends DeviceException {
    public WriteProtectedException(String device, String message) {
        super(device, message);
    }
}

package io.tapelib.controller.device;

/** No cartridge is loaded in the drive (SSC: NOT READY, MEDIUM NOT PRESENT, 3A/00; errno ENOMEDIUM). */
public class MediumNotPresentException extends DeviceException {
    public MediumNotPresentException(String device, String message) {
        super(device, message);
    }
}

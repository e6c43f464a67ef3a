package io.tapelib.controller.device;

/** The device is in use by another process or another job (errno EBUSY). */
public class DeviceBusyException extends DeviceException {
    public DeviceBusyException(String device, String message) {
        super(device, message);
    }
}

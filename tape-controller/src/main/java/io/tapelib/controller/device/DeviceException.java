package io.tapelib.controller.device;

/**
 * Base of every error a hardware port reports. The message carries the device's own words
 * (the mtx message, the sense key and additional sense code, the errno) so that the edge that
 * translates it to a status code or errno can log one clear line.
 */
public class DeviceException extends RuntimeException {
    private final String device;

    /**
     * @param device the device that reported the error (a path such as {@code /dev/nst0}, or a
     *               virtual element such as {@code virtual:drive0})
     * @param message what the device said, in its own words
     */
    public DeviceException(String device, String message) {
        super(device + ": " + message);
        this.device = device;
    }

    public DeviceException(String device, String message, Throwable cause) {
        super(device + ": " + message, cause);
        this.device = device;
    }

    /** The device that reported the error. */
    public String device() {
        return device;
    }
}

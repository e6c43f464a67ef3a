package io.tapelib.controller.jobs;

/**
 * A load asked for a cartridge that already sits in a data transfer element: the library's state conflicts
 * with the request (HTTP 409, gRPC FAILED_PRECONDITION); unload it first.
 */
public class VolumeInDriveException extends RuntimeException {
    /**
     * @param volumeTag the cartridge's volume tag
     * @param drive     the data transfer element that holds it
     */
    public VolumeInDriveException(String volumeTag, int drive) {
        super(volumeTag + " is already in drive " + drive);
    }
}

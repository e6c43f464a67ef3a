package io.tapelib.gateway.fs;

/** The FUSE mount could not be made, proven ready, or taken down; the message names the mount point. */
public class MountException extends RuntimeException {

    public MountException(String message) {
        super(message);
    }

    public MountException(String message, Throwable cause) {
        super(message, cause);
    }
}

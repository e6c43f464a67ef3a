package io.tapelib.gateway.fs;

/**
 * This machine cannot mount FUSE filesystems: /dev/fuse or libfuse 2 is missing. The message names what
 * to install or load (deploy/install-deps.sh installs the Debian packages).
 */
public class FuseUnavailableException extends MountException {

    public FuseUnavailableException(String message) {
        super(message);
    }

    public FuseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

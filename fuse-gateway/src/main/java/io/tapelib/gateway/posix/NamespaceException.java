package io.tapelib.gateway.posix;

/** A namespace operation failed; {@link #errno()} is what the mount returns to the caller. */
public class NamespaceException extends RuntimeException {
    private final Errno errno;

    /**
     * @param errno   what the mount returns to the caller
     * @param message what failed, in the words of the input or the layer that refused it
     */
    public NamespaceException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /**
     * @param errno   what the mount returns to the caller
     * @param message what failed
     * @param cause   the catalog's or cache's own error
     */
    public NamespaceException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The POSIX error the mount returns for this failure (the FUSE layer negates {@link Errno#value()}). */
    public Errno errno() {
        return errno;
    }
}

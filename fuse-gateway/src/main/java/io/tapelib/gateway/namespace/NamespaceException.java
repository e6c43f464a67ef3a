package io.tapelib.gateway.namespace;

/** A namespace operation failed; {@link #errno()} is what the mount returns to the caller. */
public class NamespaceException extends RuntimeException {
    private final Errno errno;

    public NamespaceException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public NamespaceException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}

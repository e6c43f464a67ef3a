package io.tapelib.gateway.posix;

/**
 * A namespace operation failed; {@link #errno()} is what the mount returns to the caller.
 *
 * <p>One made from an errno and a message alone carries no stack trace: such a failure is an answer, not a fault
 * (ENOENT answers every negative lookup, and the kernel sends one before each file it creates), and filling in the
 * trace through the JNR callback frames cost about as much as the rest of the lookup. One with a cause (a catalog or
 * cache failure) keeps its trace and the cause's.
 */
public class NamespaceException extends RuntimeException {
    private final Errno errno;

    /**
     * @param errno   what the mount returns to the caller
     * @param message what failed, in the words of the input or the layer that refused it
     */
    public NamespaceException(Errno errno, String message) {
        super(message, null, true, false);
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

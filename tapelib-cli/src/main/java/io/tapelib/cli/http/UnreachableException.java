package io.tapelib.cli.http;

/** Nothing answered at a URL in time: the connection was refused, reset, or the request timed out. */
public final class UnreachableException extends RuntimeException {

    /**
     * @param message names the URL and what went wrong
     * @param cause   the I/O failure
     */
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

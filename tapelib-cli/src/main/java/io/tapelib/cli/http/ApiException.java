package io.tapelib.cli.http;

/**
 * A server answered with an error status. The message is the server's own (its ApiError "error", and the "field" it
 * names), as docs/operator-api.md "Rules for every endpoint" defines the error body.
 */
public final class ApiException extends RuntimeException {
    private final int status;

    /**
     * @param status  the HTTP status (400, 401, 404, 409, 413, 503 ...)
     * @param message what the server said, ready to print
     */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}

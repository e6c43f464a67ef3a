package io.tapelib.gateway.controller;

/**
 * The controller did not answer (down, restarting, or past the call's deadline), or answered with an
 * error. {@link #code()} is the gRPC status code name (UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND, ...).
 */
public class ControllerUnavailableException extends RuntimeException {
    private final String code;

    public ControllerUnavailableException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether trying again later may succeed (the controller is away), as opposed to a refusal. */
    public boolean transientFailure() {
        return code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED") || code.equals("ABORTED")
                || code.equals("RESOURCE_EXHAUSTED") && getMessage().contains("queue");
    }
}

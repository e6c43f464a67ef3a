package io.tapelib.gateway.controller;

import java.util.Set;

/**
 * The controller did not answer (down, restarting, or past the call's deadline), or answered with an
 * error. {@link #code()} is the gRPC status code name (UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND, ...).
 */
public class ControllerUnavailableException extends RuntimeException {
    private static final Set<String> TRANSIENT_CODES =
            Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "RESOURCE_EXHAUSTED");

    private final String code;

    /**
     * @param code    the gRPC status code name, e.g. UNAVAILABLE
     * @param message what failed, in the controller's words where it gave any
     * @param cause   the gRPC exception or local failure, may be null
     */
    public ControllerUnavailableException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code name (io.grpc.Status.Code), e.g. UNAVAILABLE, NOT_FOUND, CANCELLED. */
    public String code() {
        return code;
    }

    /**
     * Whether trying again later may succeed, decided by the status code alone: UNAVAILABLE (away or
     * busy), DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED (a full queue, no room on the volumes). Every
     * other code is a refusal that repeating the call will not change.
     */
    public boolean transientFailure() {
        return TRANSIENT_CODES.contains(code);
    }
}

package io.tapelib.controller.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tapelib.controller.api.ErrorKind;
import org.jboss.logging.Logger;

/**
 * Maps errors to gRPC status: NOT_FOUND unknown tag, drive or slot; FAILED_PRECONDITION full drive, cleaning
 * cartridge, write protected, not LTFS; RESOURCE_EXHAUSTED tape full; INVALID_ARGUMENT bad input; UNAVAILABLE
 * device errors and busy (try again later); CANCELLED the client went away, the stream stalled or the controller shuts down; INTERNAL anything else. Logs one line
 * per error, with a stack trace only for INTERNAL.
 */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(String call, Throwable error) {
        Throwable cause = ErrorKind.unwrap(error);
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        ErrorKind kind = ErrorKind.of(cause);
        Status status = switch (kind) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case BUSY -> Status.UNAVAILABLE;
            case CANCELLED -> Status.CANCELLED;
            case TAPE_FULL -> Status.RESOURCE_EXHAUSTED;
            case BAD_INPUT -> Status.INVALID_ARGUMENT;
            case DEVICE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (kind == ErrorKind.INTERNAL) {
            LOG.error(call + " failed: " + message, cause);
        } else if (kind == ErrorKind.CANCELLED) {
            LOG.warnf("%s ended early: %s", call, message);
        } else {
            LOG.warnf("%s refused (%s): %s", call, status.getCode(), message);
        }
        return status.withDescription(message).withCause(cause).asRuntimeException();
    }
}

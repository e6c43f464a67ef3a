package io.tapelib.controller.jobs;

/**
 * The library's elements are not in the state a move needs, though the device would accept the command (a cartridge
 * already in a mail slot, a destination that is the home slot of a loaded cartridge, a cartridge with work queued on
 * a drive): HTTP 409, gRPC FAILED_PRECONDITION. The message says what to do instead.
 */
public class ElementConflictException extends RuntimeException {
    public ElementConflictException(String message) {
        super(message);
    }
}

package io.tapelib.controller.jobs;

/** No tape has room for what was asked: the target volume filled up, or no LTFS or blank cartridge with room is left. */
public class TapeFullException extends RuntimeException {
    public TapeFullException(String message) {
        super(message);
    }

    public TapeFullException(String message, Throwable cause) {
        super(message, cause);
    }
}

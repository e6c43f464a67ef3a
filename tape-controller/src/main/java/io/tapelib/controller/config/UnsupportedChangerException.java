package io.tapelib.controller.config;

/** {@code TAPE_CHANGER} names a changer this build cannot drive; the message says what to configure instead. */
public class UnsupportedChangerException extends IllegalStateException {
    public UnsupportedChangerException(String message) {
        super(message);
    }
}

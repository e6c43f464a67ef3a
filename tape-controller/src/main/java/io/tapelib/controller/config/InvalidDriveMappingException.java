package io.tapelib.controller.config;

/** {@code TAPE_DRIVES} is malformed; the message quotes the setting and says which entry is wrong and why. */
public class InvalidDriveMappingException extends IllegalArgumentException {
    public InvalidDriveMappingException(String message) {
        super(message);
    }
}

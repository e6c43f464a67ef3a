package io.tapelib.controller.ltfs;

/** Base of every error of the LTFS layer: a volume or input that does not follow the LTFS format, or a refused operation. */
public class LtfsException extends RuntimeException {
    public LtfsException(String message) {
        super(message);
    }

    public LtfsException(String message, Throwable cause) {
        super(message, cause);
    }
}

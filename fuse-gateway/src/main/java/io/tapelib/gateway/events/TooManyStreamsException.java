package io.tapelib.gateway.events;

/** A client asked for an event stream while the most the gateway keeps open were open (HTTP 503). */
public final class TooManyStreamsException extends RuntimeException {
    public TooManyStreamsException(int limit) {
        super(limit + " event streams are open, the most the gateway keeps; try again when one closed");
    }
}

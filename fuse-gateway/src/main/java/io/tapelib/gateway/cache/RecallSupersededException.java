package io.tapelib.gateway.cache;

/**
 * The file's recall was replaced by a new one (a reader needed bytes the cache had already streamed past): the
 * call that delivered the old one should drop the file without failing it, since its readers now wait on the new
 * recall.
 */
public class RecallSupersededException extends IllegalStateException {
    /** @param message which recall replaced which, for the log */
    public RecallSupersededException(String message) {
        super(message);
    }
}

package io.tapelib.gateway.cache;

/**
 * How a wait for a byte range of a cached object ended ({@link RecallRanges#awaitRange}).
 *
 * @param outcome what happened
 * @param failure the recall's failure in the controller's words when {@code outcome} is FAILED, else null
 */
public record RangeWait(Outcome outcome, String failure) {

    /** How the wait ended. */
    public enum Outcome {
        /** The bytes are in the cache: the object is complete or the range has arrived. */
        PRESENT,
        /** The recall failed. */
        FAILED,
        /** The deadline passed first; the recall may still be running. */
        TIMED_OUT,
        /** The object is not cached and no recall is running. */
        ABSENT,
        /**
         * The bytes streamed through the cache's ring for a file larger than the cache and are gone (a seek back);
         * {@code failure} says which. {@link RecallRanges#restart} recalls the file again from the offset.
         */
        EVICTED
    }

    static RangeWait of(Outcome outcome) {
        return new RangeWait(outcome, null);
    }
}

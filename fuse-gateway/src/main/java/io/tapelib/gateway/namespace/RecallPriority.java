package io.tapelib.gateway.namespace;

/**
 * Who waits for a recall, which decides its place in the recall queue: interactive reads go before bulk recalls,
 * bulk recalls before prefetch and background work (reclaim). Declared from the most urgent.
 */
public enum RecallPriority {
    /** A reader blocks on the bytes (a read or write of an offline file). */
    INTERACTIVE,
    /** Asked for ahead of use by a user: {@code setfattr -n user.tapelib.recall}, the bulk recall call. */
    BULK,
    /** Work of the service itself: prefetch, reclaim. */
    BACKGROUND
}

package io.tapelib.gateway.namespace;

/**
 * Asks for an offline file to be recalled from tape into the cache (implemented by the tiering package, which
 * queues the request, batches it per tape and streams the bytes into the cache's
 * {@link io.tapelib.gateway.cache.RecallTarget}). Must not block on the tape: reads wait on the cache, bounded
 * by the recall timeout.
 */
public interface RecallRequester {

    /**
     * Requests a recall with a priority ({@link RecallPriority}); a request for a file already queued or being
     * recalled joins it (and raises its priority when more urgent). Same contract as {@link #requestRecall(long)}.
     */
    default void requestRecall(long inode, RecallPriority priority) {
        requestRecall(inode);
    }

    /**
     * A reader now waits on a recall requested earlier at a lower priority: raises the priority of its waiting request.
     * Never queues anything: a file whose batch is being read, or that is not queued, needs nothing (a second
     * {@link #requestRecall} would be a restart of its recall).
     */
    default void raise(long inode, RecallPriority priority) {
    }

    /**
     * Estimated time until the first byte of a queued or running recall reaches the cache, from the queue ahead of it
     * and the drives' timings (robot, load, locate, streaming); empty when the inode is not queued.
     */
    default java.util.Optional<java.time.Duration> eta(long inode) {
        return java.util.Optional.empty();
    }

    /**
     * Requests a recall of the inode's current content for a reader that waits ({@link RecallPriority#INTERACTIVE}). Called once per recall: the namespace has already
     * started the recall in the cache ({@link io.tapelib.gateway.cache.RecallRanges#start}).
     *
     * @throws RuntimeException when the request cannot even be queued; the namespace then fails the recall (EIO)
     */
    void requestRecall(long inode);
}

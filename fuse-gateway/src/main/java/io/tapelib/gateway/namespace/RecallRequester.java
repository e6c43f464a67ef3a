package io.tapelib.gateway.namespace;

/**
 * Asks for an offline file to be recalled from tape into the cache (implemented by the tiering package, which
 * queues the request, batches it per tape and streams the bytes into the cache's
 * {@link io.tapelib.gateway.cache.RecallTarget}). Must not block on the tape: reads wait on the cache, bounded
 * by the recall timeout.
 */
public interface RecallRequester {

    /**
     * Requests a recall of the inode's current content. Called once per recall: the namespace has already
     * started the recall in the cache ({@link io.tapelib.gateway.cache.RecallRanges#start}).
     *
     * @throws RuntimeException when the request cannot even be queued; the namespace then fails the recall (EIO)
     */
    void requestRecall(long inode);
}

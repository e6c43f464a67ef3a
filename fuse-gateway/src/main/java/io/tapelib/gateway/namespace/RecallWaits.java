package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RangeWait;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Brings an offline file's content from tape for a read or a write (shared/DESIGN.md section 1): starts its recall
 * in the cache, asks the tiering for it exactly once per recall, and waits at most RECALL_TIMEOUT for the bytes;
 * every failure is EIO naming the file. Also queues recalls nobody waits for yet ({@link #queue}), and raises such a
 * recall to {@link RecallPriority#INTERACTIVE} once, when a reader comes to wait on it.
 */
final class RecallWaits {
    /** Below this many, recalls queued ahead are not pruned (see {@link #rememberQueuedAhead}). */
    private static final int PRUNE_FLOOR = 1024;
    private static final Logger LOG = Logger.getLogger(RecallWaits.class);

    private final CacheStore cache;
    private final RecallRequester recalls;
    private final Clock clock;
    private final Duration recallTimeout;
    /** Inodes whose recall was queued ahead of use and that no reader has raised yet. */
    private final Set<Long> queuedAhead = ConcurrentHashMap.newKeySet();
    private int pruneAt = PRUNE_FLOOR;

    /** @param recallTimeout RECALL_TIMEOUT: the longest a read or write waits for a recall's bytes */
    RecallWaits(CacheStore cache, RecallRequester recalls, Clock clock, Duration recallTimeout) {
        this.cache = cache;
        this.recalls = recalls;
        this.clock = clock;
        this.recallTimeout = recallTimeout;
    }

    /** True when the content must come from tape: clean, not empty, not (completely) in the cache. */
    boolean needsRecall(Inode inode) {
        return !inode.isDirty() && inode.size() > 0 && !cache.isPresent(inode.id());
    }

    /** Waits for bytes [offset, offset + length) of an offline file, (re)starting its recall when none runs. */
    void waitForRange(Inode inode, long offset, long length) {
        Instant deadline = clock.instant().plus(recallTimeout);
        awaitRecall(inode, "inode " + inode.id(), deadline, offset,
                remaining -> cache.recalls().awaitRange(inode.id(), offset, length, remaining));
    }

    /** Before writing into a clean file: its whole content must be in the cache. */
    void makeWholeFileCached(Inode inode, String path) {
        if (inode.isDirty() || cache.isPresent(inode.id())) {
            return;
        }
        if (inode.size() == 0) {
            cache.create(inode.id());
            return;
        }
        Instant deadline = clock.instant().plus(recallTimeout);
        awaitRecall(inode, path, deadline, 0, remaining -> cache.recalls().awaitComplete(inode.id(), remaining));
        if (!cache.isPresent(inode.id())) {
            // The range was there but the recall had not been completed yet: wait for it within the same bound.
            awaitRecall(inode, path, deadline, 0, remaining -> cache.recalls().awaitComplete(inode.id(), remaining));
        }
    }

    /**
     * Queues a recall of an offline file for nobody waiting yet ({@code setfattr -n user.tapelib.recall}, an
     * O_NONBLOCK open) and returns at once: starts it in the cache as a read does and asks the tiering for it once,
     * with {@code priority}.
     *
     * @return true when this call queued it; false when the content needs no recall (cached, dirty, empty) or a
     *         recall of it is already queued or running
     * @throws NamespaceException EIO when the tiering cannot even queue it (the recall is then failed in the cache)
     */
    boolean queue(Inode inode, String what, RecallPriority priority) {
        if (!needsRecall(inode) || !cache.recalls().start(inode.id(), inode.size(), 0, recallTimeout)) {
            return false;
        }
        rememberQueuedAhead(inode.id());
        try {
            recalls.requestRecall(inode.id(), priority);
        } catch (RuntimeException e) {
            queuedAhead.remove(inode.id());
            cache.recallTarget().fail(inode.id(), "recall request failed: " + e.getMessage());
            throw new NamespaceException(Errno.EIO, "cannot queue a recall of " + what + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Starts a recall unless one runs; asks the tiering for it exactly once per recall. */
    private void startRecall(Inode inode, String what, long from) {
        if (cache.recalls().start(inode.id(), inode.size(), from, recallTimeout)) {
            queuedAhead.remove(inode.id());
            requestRecall(inode, what);
        } else if (queuedAhead.remove(inode.id()) && cache.isRecalling(inode.id())) {
            raise(inode.id(), what);
        }
    }

    /**
     * A reader now waits on a recall queued ahead: its waiting request is raised to {@link RecallPriority#INTERACTIVE}
     * ({@link RecallRequester#raise}; a recall already being read needs nothing). A failure leaves the recall queued at
     * its priority, so the reader still gets its bytes, later.
     */
    private void raise(long inode, String what) {
        try {
            recalls.raise(inode, RecallPriority.INTERACTIVE);
        } catch (RuntimeException e) {
            LOG.warnf("Cannot raise the queued recall of %s for a waiting reader: %s", what, e.getMessage());
        }
    }

    /**
     * Remembers a recall queued ahead until a reader raises it. Entries whose recall ended without a reader are
     * pruned whenever the set has doubled since the last pruning, so it stays in proportion to the recalls in flight.
     */
    private void rememberQueuedAhead(long inode) {
        queuedAhead.add(inode);
        synchronized (queuedAhead) {
            if (queuedAhead.size() >= pruneAt) {
                queuedAhead.removeIf(id -> !cache.isRecalling(id));
                pruneAt = Math.max(PRUNE_FLOOR, 2 * queuedAhead.size());
            }
        }
    }

    private void requestRecall(Inode inode, String what) {
        try {
            recalls.requestRecall(inode.id());
        } catch (RuntimeException e) {
            cache.recallTarget().fail(inode.id(), "recall request failed: " + e.getMessage());
            throw new NamespaceException(Errno.EIO, "cannot request recall of " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for a recall, starting it (from {@code from}) if none runs. The cache bounds the wait by the recall's
     * own patience too, so a reader making many calls waits RECALL_TIMEOUT from the recall's start, not per call.
     */
    private void awaitRecall(Inode inode, String what, Instant deadline, long from,
                             Function<Duration, RangeWait> waiter) {
        for (int attempt = 0; ; attempt++) {
            startRecall(inode, what, from);
            Duration remaining = Duration.between(clock.instant(), deadline);
            RangeWait wait = waiter.apply(remaining.isNegative() ? Duration.ZERO : remaining);
            switch (wait.outcome()) {
                case PRESENT:
                    return;
                case FAILED:
                    throw new NamespaceException(Errno.EIO, "recall of " + what + " failed: " + wait.failure());
                case TIMED_OUT:
                    throw new NamespaceException(Errno.EIO, "recall of " + what + " did not deliver the bytes within "
                            + recallTimeout);
                case EVICTED:
                    if (attempt < 2 && cache.recalls().restart(inode.id(), from, recallTimeout)) {
                        requestRecall(inode, what);
                        break;
                    }
                    throw new NamespaceException(Errno.EIO, "recall of " + what + ": " + wait.failure());
                case ABSENT:
                    if (attempt > 0) {
                        throw new NamespaceException(Errno.EIO, "recall of " + what + " ended without the bytes");
                    }
                    break;
                default:
                    throw new IllegalStateException("unexpected " + wait);
            }
        }
    }
}

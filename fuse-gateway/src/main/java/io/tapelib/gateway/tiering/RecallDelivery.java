package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.RecallSupersededException;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.controller.RecallEvent;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Hands the messages of one Recall call to the cache, file by file. A file whose bytes the cache cannot
 * store (local I/O error, a chunk outside the file) fails alone: its readers get EIO, its later chunks are
 * dropped, and the other files of the call go on. Not thread-safe: fed by the one thread reading the call.
 */
final class RecallDelivery {
    private static final Logger LOG = Logger.getLogger(RecallDelivery.class);

    private final RecallTarget target;
    private final Set<Long> pending;
    private final Map<Long, SparseGaps> gaps;

    /**
     * @param target   where recalled bytes go
     * @param expected the file ids (inodes) the call asks for
     */
    RecallDelivery(RecallTarget target, Set<Long> expected) {
        this(target, expected, Map.of());
    }

    /**
     * @param target   where recalled bytes go
     * @param expected the file ids (inodes) the call asks for
     * @param gaps     per file id, the ranges no extent covers, written as zeros when the stream reaches them
     */
    RecallDelivery(RecallTarget target, Set<Long> expected, Map<Long, SparseGaps> gaps) {
        this.target = target;
        this.pending = new LinkedHashSet<>(expected);
        this.gaps = Map.copyOf(gaps);
    }

    /**
     * Stores a chunk or completes a file; messages of files not pending (failed, done, unknown) are dropped.
     *
     * @throws IllegalStateException when a file failed and no other file is pending: the call should end
     */
    void accept(RecallEvent message) {
        long inode = message.fileId();
        if (!pending.contains(inode)) {
            return;
        }
        try {
            SparseGaps fileGaps = gaps.get(inode);
            if (message instanceof RecallEvent.Chunk chunk) {
                if (fileGaps != null) {
                    fileGaps.fillBefore(target, chunk.offset());
                }
                target.write(inode, chunk.offset(), chunk.data());
            } else if (message instanceof RecallEvent.FileDone) {
                if (fileGaps != null) {
                    fileGaps.fillRest(target);
                }
                pending.remove(inode);
                target.complete(inode);
            }
        } catch (RecallSupersededException e) {
            // A reader restarted the file's recall from another offset: its readers wait on the new one.
            pending.remove(inode);
            LOG.infof("Recall of inode %d: %s", inode, e.getMessage());
            if (pending.isEmpty()) {
                throw new IllegalStateException("no file of the recall is left to receive", e);
            }
        } catch (RuntimeException e) {
            pending.remove(inode);
            LOG.errorf("Recall of inode %d failed: %s", inode, e.getMessage());
            target.fail(inode, "recall failed: " + e.getMessage());
            if (pending.isEmpty()) {
                // Nothing of the call is wanted any more: throwing makes the client cancel it, freeing the drive.
                throw new IllegalStateException("no file of the recall is left to receive after inode " + inode
                        + " failed", e);
            }
        }
    }

    /** The files neither completed nor failed yet. */
    Set<Long> pending() {
        return Set.copyOf(pending);
    }
}

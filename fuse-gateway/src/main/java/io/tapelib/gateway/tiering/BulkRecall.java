package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.namespace.RecallPriority;
import io.tapelib.gateway.posix.FileKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A recall of many paths at once at {@link RecallPriority#BULK} (issue 12, "Non-blocking and bulk"): each offline file
 * starts its recall in the cache and all of them enter the queue in one step, where they are grouped by cartridge
 * and read in tape order. Paths are as at the mount, from its root. Thread-safe.
 */
final class BulkRecall {
    private static final Logger LOG = Logger.getLogger(RecallService.class);

    /** Queues started recalls at a priority, one admission per inode, in one step. */
    interface Queue {
        List<RecallQueue.Admission> enqueue(List<Long> inodes, RecallPriority priority);

        /** Raises a waiting request's priority; false when none waits. */
        boolean raise(long inode, RecallPriority priority);
    }

    private final Catalog catalog;
    private final CacheStore cache;
    private final Queue queue;
    private final Duration recallTimeout;

    /** @param recallTimeout RECALL_TIMEOUT: how long readers of these files will wait for their bytes */
    BulkRecall(Catalog catalog, CacheStore cache, Queue queue, Duration recallTimeout) {
        this.catalog = catalog;
        this.cache = cache;
        this.queue = queue;
        this.recallTimeout = recallTimeout;
    }

    /** Queues the offline files among {@code paths}; see {@link BulkRecallResult} for what each path became. */
    BulkRecallResult recall(List<String> paths) {
        int cached = 0;
        int joined = 0;
        List<BulkRecallResult.Rejected> rejected = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        List<String> startedPaths = new ArrayList<>();
        for (String path : paths) {
            Optional<Inode> found = catalog.resolve(path.startsWith("/") ? path : "/" + path);
            String refusal = found.isEmpty() ? "no such file or directory" : refusal(found.get());
            if (refusal != null) {
                rejected.add(new BulkRecallResult.Rejected(path, refusal));
                continue;
            }
            Inode inode = found.get();
            if (inode.isDirty() || inode.size() == 0 || cache.isPresent(inode.id())) {
                cached++;
            } else if (cache.recalls().start(inode.id(), inode.size(), 0, recallTimeout)) {
                started.add(inode.id());
                startedPaths.add(path);
            } else {
                queue.raise(inode.id(), RecallPriority.BULK);
                joined++;
            }
        }
        int queued = 0;
        List<RecallQueue.Admission> admissions = started.isEmpty() ? List.of()
                : queue.enqueue(started, RecallPriority.BULK);
        for (int i = 0; i < admissions.size(); i++) {
            switch (admissions.get(i)) {
                case QUEUED -> queued++;
                case JOINED -> joined++;
                case FULL -> rejected.add(new BulkRecallResult.Rejected(startedPaths.get(i), "the recall queue is full"));
                case NOT_ON_TAPE -> rejected.add(new BulkRecallResult.Rejected(startedPaths.get(i),
                        "no tape holds its current content"));
            }
        }
        LOG.infof("Bulk recall of %d paths: %d queued, %d joined, %d cached, %d rejected", paths.size(), queued, joined,
                cached, rejected.size());
        return new BulkRecallResult(queued, joined, cached, rejected);
    }

    /** Why an entry cannot be recalled, or null when it can. */
    private String refusal(Inode inode) {
        if (inode.kind() != FileKind.FILE) {
            return "not a regular file";
        }
        if (cache.isLost(inode.id())) {
            return "lost: its content was never on tape and is gone from the cache";
        }
        return null;
    }
}

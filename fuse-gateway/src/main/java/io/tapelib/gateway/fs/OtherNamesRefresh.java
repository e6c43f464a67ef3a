package io.tapelib.gateway.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.jboss.logging.Logger;

/**
 * Makes the kernel forget the attributes it cached for the other names of a hard-linked file after a change through
 * one of them, so that {@code stat} of every name shows the new link count, ctime, mode or size at once, with
 * attributes cached for {@link MountManager}'s long attribute timeout.
 *
 * <p>Why it is needed: libfuse 2's high-level API gives every name its own kernel inode (see {@link KernelInodes}).
 * The kernel updates the inode of the name a change went through (a setattr reply carries the new attributes, a
 * link's reply those of the new name), but knows nothing of the other names' inodes; Linux 6.18's {@code fuse_link}
 * does not even drop the old name's cached link count (fs/fuse/dir.c, it only moves its ctime).
 *
 * <p>How: each other name is resolved from the kernel's dentry cache only ({@link KernelInodes#cachedNode}) on the
 * FUSE thread, and its node's attributes dropped. A name that is not all in the cache is either not cached at all (its
 * next use looks it up again and gets fresh attributes), or sits under a directory whose attributes a change in it
 * dropped (the cached walk stops at its permission check) or whose entry must be revalidated: for those, a worker
 * thread stats the name's directory (an ordinary walk, which may ask this filesystem for lookups and getattrs, so never
 * on the FUSE thread) and tries the cache again. The operation waits for that worker at most
 * {@link #SLOW_PATH_WAIT_MILLIS}: the walk can only block on a directory lock the operation itself holds, and then a
 * directory on the way, hence the name, is not in the cache and needs nothing.
 *
 * <p>Thread-safe. One worker thread, a bounded queue; when it is full a change's slow names are skipped with one
 * log line (their attributes then expire after the attribute timeout).
 */
final class OtherNamesRefresh implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OtherNamesRefresh.class);
    /** How long an operation waits for the walk of names not in the dentry cache. */
    static final long SLOW_PATH_WAIT_MILLIS = 100;
    private static final int QUEUE_CAPACITY = 256;

    private final KernelInodes kernel;
    private final LongFunction<List<String>> namesOf;
    private final ThreadPoolExecutor walker;

    /**
     * @param kernel  the mount's kernel side
     * @param namesOf every absolute path (within the mount) that names an inode, by the catalog's inode id
     */
    OtherNamesRefresh(KernelInodes kernel, LongFunction<List<String>> namesOf) {
        this.kernel = kernel;
        this.namesOf = namesOf;
        this.walker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                runnable -> {
                    Thread thread = new Thread(runnable, "fuse-other-names");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Drops the kernel's cached attributes of every name of {@code inode} but {@code skipped} (names whose kernel inode
     * the operation itself updated). Call on the FUSE thread of the operation, after the change.
     */
    void refresh(long inode, Set<String> skipped) {
        if (!kernel.takeChannel()) {
            return;
        }
        List<String> slow = new ArrayList<>();
        for (String name : namesOf.apply(inode)) {
            if (skipped.contains(name)) {
                continue;
            }
            OptionalLong node = kernel.cachedNode(name);
            if (node.isPresent()) {
                kernel.invalidateAttributes(node.getAsLong());
            } else {
                slow.add(name);
            }
        }
        if (!slow.isEmpty()) {
            awaitWalk(slow);
        }
    }

    private void awaitWalk(List<String> names) {
        Future<?> walk;
        try {
            walk = walker.submit(() -> names.forEach(this::refreshByWalk));
        } catch (RejectedExecutionException e) {
            LOG.warnf("the kernel's attributes of %d names are left to expire: %d refreshes already queued",
                    names.size(), QUEUE_CAPACITY);
            return;
        }
        try {
            walk.get(SLOW_PATH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the walk waits for a lock this operation holds: the name is not cached (see the class comment)
            LOG.debugf("refresh of %s goes on after the operation", names);
        } catch (ExecutionException e) {
            LOG.debugf(e.getCause(), "refresh of %s failed", names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refreshByWalk(String name) {
        int slash = name.lastIndexOf('/');
        if (!kernel.refreshDirectory(slash == 0 ? "/" : name.substring(0, slash))) {
            return; // gone meanwhile, or a directory the gateway may not search: nothing cached to reach
        }
        OptionalLong node = kernel.cachedNode(name);
        if (node.isPresent()) {
            kernel.invalidateAttributes(node.getAsLong());
        }
    }

    /**
     * Stops the worker (queued walks are dropped) and lets go of the mount's root: call before unmounting, the mount
     * stays busy while the root is open.
     */
    @Override
    public void close() {
        walker.shutdownNow();
        try {
            walker.awaitTermination(SLOW_PATH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kernel.close();
    }
}

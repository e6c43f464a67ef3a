package io.tapelib.gateway.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes a catalog backup after a tape index write (shared/DESIGN.md section 7) on a thread of its own, so neither
 * the FUSE threads nor a write-back round wait for it. Requests coalesce: while a backup waits to start, more
 * requests add nothing; a request during a running backup queues exactly one more, so the last index write is
 * always in a backup. A failed backup is logged in one line and does not stop later ones. Thread-safe.
 */
public final class BackupRequests implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackupRequests.class.getName());

    private final Catalog catalog;
    private final CatalogBackups backups;
    private final Duration closeTimeout;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** One worker and room for one waiting backup: the coalescing above never needs more. */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1), r -> {
                Thread thread = new Thread(r, "catalog-backup");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /**
     * @param closeTimeout how long {@link #close} waits for a backup in progress to finish
     */
    public BackupRequests(Catalog catalog, CatalogBackups backups, Duration closeTimeout) {
        this.catalog = catalog;
        this.backups = backups;
        this.closeTimeout = closeTimeout;
    }

    /** Asks for a backup soon; returns at once. Ignored after {@link #close}. */
    public void request() {
        if (!worker.isShutdown() && queued.compareAndSet(false, true)) {
            worker.execute(this::takeOne);
        }
    }

    private void takeOne() {
        // Cleared before the backup starts: an index write recorded from now on asks for the next one.
        queued.set(false);
        long started = System.nanoTime();
        try {
            Path file = backups.take(catalog);
            LOG.info(String.format("Catalog backed up to %s in %.1f s", file, (System.nanoTime() - started) / 1e9));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Catalog backup to " + backups.dir() + " failed, tried again after the next index"
                    + " write: " + e.getMessage(), e);
        }
    }

    /** Takes no more requests and waits up to the close timeout for a running or queued backup to end. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Catalog backup still running after " + closeTimeout.toSeconds() + " s at shutdown;"
                        + " interrupted (its temporary file is removed)");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

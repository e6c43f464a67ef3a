package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.PendingWrites;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.DriveTimings;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.jobs.GatewayJobs;
import io.tapelib.gateway.posix.FileKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Migrates dirty files to tape once they have not changed for the write delay (shared/DESIGN.md
 * section 1), in batches the controller writes to one tape followed by an index. A file is clean only
 * after the controller confirmed data and index (section 7) and only if it did not change meanwhile;
 * otherwise it stays dirty and goes in a later batch.
 *
 * <p>This class chooses the due files and runs the rounds; {@link BatchSender} sends each batch and records its
 * answer. The controller answers per file ({@link MigrationReport}): every migrated file is
 * recorded, also when the volume filled during the batch; the files it did not reach are sent again at
 * once (it takes another volume); a file it refuses (path conflict, too large, invalid) is logged once and
 * not sent again until it changes ({@link RejectedFiles}, in memory). New directories go as entries of their own,
 * and every batch names its files' ancestor directories with their catalog metadata ({@link BatchDirectories});
 * the header carries the tapes' pending metadata changes ({@link HeaderChanges}), deleted once the written tape's
 * index holds them. A round that fails (controller away or
 * refusing) is tried again after a back-off of 1 s doubling to 5 minutes ({@link RetryBackoff}).
 *
 * <p>With several drives a round sends up to one batch per drive at once, each to another cartridge
 * ({@link MigrationRound}, on at most {@link #MAX_PARALLEL} workers); a batch holds whole directories' due files
 * where they fit and names the cartridge where those directories' files already are when it has room
 * ({@link MigrationQueue}, {@link DirectoryHomes}), so that a directory is not spread over cartridges.
 */
@ApplicationScoped
public class WriteBack {
    private static final Logger LOG = Logger.getLogger(WriteBack.class);
    /** Most bytes migrated in one batch: bounds how long one Migrate call holds a drive. */
    static final long BATCH_BYTES = 8L * 1024 * 1024 * 1024;
    /** Most batches at once, whatever the number of drives: bounds the workers and the cache files read at once. */
    static final int MAX_PARALLEL = 8;
    /** Longest wait in {@link #stop()} for the workers to end once their Migrate calls were cancelled. */
    static final Duration STOP_BOUND = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final CacheStore cache;
    private final TapeController controller;
    private final GatewayConfig config;
    private final Clock clock;
    private final RejectedFiles rejected = new RejectedFiles();
    private final RetryBackoff backoff = new RetryBackoff();
    private final PendingClaims claims;
    /** Sends each batch and records its answer, on the round's workers. */
    private final BatchSender sender;
    /** Cartridges named for a directory that the controller refused a batch for (write-protected, gone): not again. */
    private final Set<String> refusingTargets = ConcurrentHashMap.newKeySet();
    /** Files with writes the catalog does not show yet (being written): not due, whatever their recorded times. */
    private final LongPredicate beingWritten;
    /**
     * Records the mount's writes the catalog does not show yet (files closed since the last commit, open files' so
     * far) before each round chooses, so that no file goes with the size and modify time of before.
     */
    private final Runnable recordWrites;
    private volatile boolean roundRunning;
    private ScheduledExecutorService timer;
    private ExecutorService workers;

    /**
     * Wires the write-back; nothing runs before {@link #start()}.
     *
     * @param claims  shared with the {@link MetadataSync}: a tape's pending changes go in one call at a time
     * @param mount   whose writes not yet recorded in the catalog (a close leaves them to the next commit) each round
     *                records first ({@link CatalogNamespace#recordWrites})
     * @param pending the mount's writes not yet recorded in the catalog: a file with some after that record is being
     *                written, and its recorded modify time does not say when it was last written
     */
    @Inject
    public WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                     BackupRequests backups, PendingClaims claims, CatalogNamespace mount, PendingWrites pending,
                     GatewayJobs jobs) {
        this(catalog, cache, controller, config, clock, backups, claims, pending::has, mount::recordWrites, jobs);
    }

    /** As the injected constructor, with the being-written question and the record of the mount's writes given (tests). */
    WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
              BackupRequests backups, PendingClaims claims, LongPredicate beingWritten, Runnable recordWrites) {
        this(catalog, cache, controller, config, clock, backups, claims, beingWritten, recordWrites,
                new GatewayJobs(clock));
    }

    private WriteBack(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                      BackupRequests backups, PendingClaims claims, LongPredicate beingWritten, Runnable recordWrites,
                      GatewayJobs jobs) {
        this.beingWritten = beingWritten;
        this.recordWrites = recordWrites;
        this.claims = claims;
        this.catalog = catalog;
        this.cache = cache;
        this.controller = controller;
        this.config = config;
        this.clock = clock;
        // each batch is a WRITE_BACK job in jobs (GET /api/v1/jobs)
        this.sender = new BatchSender(catalog, cache, controller, clock, backups, rejected, jobs);
    }

    /** Starts the periodic look (every write-back interval) for files whose write delay has passed (one thread). */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "write-back");
                thread.setDaemon(true);
                return thread;
            });
            long period = config.writeBackInterval().toMillis();
            timer.scheduleWithFixedDelay(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the periodic look and cancels a round in progress: every Migrate call in flight is cancelled and its
     * files stay dirty (they go in a batch after the next start). Waits at most {@link #STOP_BOUND} for the round's
     * workers to end, and logs when one did not.
     */
    public void stop() {
        ScheduledExecutorService stoppedTimer;
        ExecutorService stoppedWorkers;
        synchronized (this) {
            stoppedTimer = timer;
            stoppedWorkers = workers;
            timer = null;
            workers = null;
        }
        if (stoppedTimer != null) {
            stoppedTimer.shutdownNow();
        }
        if (stoppedWorkers != null) {
            stoppedWorkers.shutdownNow();
            try {
                if (!stoppedWorkers.awaitTermination(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("A write-back worker did not end within %d s of the stop; its files stay dirty",
                            STOP_BOUND.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The round's workers: {@link #MAX_PARALLEL} threads at most, made when first needed, idle ones ending. */
    private synchronized ExecutorService workers() {
        if (workers == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_PARALLEL, MAX_PARALLEL, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(MAX_PARALLEL), r -> {
                        Thread thread = new Thread(r, "write-back-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            workers = pool;
        }
        return workers;
    }

    private void runQuietly() {
        Instant now = clock.instant();
        if (!backoff.due(now)) {
            return;
        }
        roundRunning = true;
        try {
            migrateDueFiles();
            backoff.succeeded();
        } catch (ControllerUnavailableException e) {
            Duration wait = backoff.failed(now);
            LOG.warnf("Write-back waits for the controller (next try in %d s): %s", wait.toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            Duration wait = backoff.failed(now);
            LOG.errorf(e, "Write-back round failed; the files stay dirty and are tried again in %d s", wait.toSeconds());
        } finally {
            roundRunning = false;
        }
    }

    /** Whether a periodic round runs now (a reclaim waits for the drives to be idle). */
    public boolean roundRunning() {
        return roundRunning;
    }

    /**
     * Migrates every file whose last change is older than the write delay, in batches of whole directories, up to
     * one batch per drive of the library at once ({@link MigrationRound}); files refused before and unchanged since
     * are left out. With several drives the round's work is shared among them when each share is at least
     * MIGRATION_SPLIT_BYTES ({@link MigrationQueue#shareBytes}). The mount's writes the catalog does not show yet are
     * recorded first (one transaction), so each file is chosen and sent with its size and modify time as written.
     *
     * @return the number of files made clean
     * @throws ControllerUnavailableException when the controller is away or fails a batch (the other batches in
     *                                        flight are answered and recorded first), when volume after volume was
     *                                        full without taking a file, or CANCELLED when the thread was interrupted
     */
    public int migrateDueFiles() {
        recordWrites.run();
        List<Inode> dirty = catalog.copies().dirtyFiles(clock.instant().minus(config.writeDelay()));
        List<Inode> notHeldBack;
        synchronized (rejected) {
            rejected.retainOnly(dirty.stream().map(Inode::id).collect(Collectors.toSet()));
            notHeldBack = dirty.stream().filter(inode -> !rejected.heldBack(inode))
                    .filter(inode -> !beingWritten.test(inode.id())).toList();
        }
        List<Inode> due = notHeldBack.stream().filter(this::hasContent).toList();
        if (due.isEmpty()) {
            return 0;
        }
        LibraryInventory library = controller.library();
        if (Thread.currentThread().isInterrupted()) {
            throw new ControllerUnavailableException("CANCELLED", "the write-back is stopping", null);
        }
        int parallel = Math.max(1, Math.min(library.drives().size(), MAX_PARALLEL));
        long batchBytes = MigrationQueue.shareBytes(due, parallel, splitBytes(library.timings()), BATCH_BYTES);
        MigrationQueue queue = new MigrationQueue(due, batchBytes, new DirectoryHomes(catalog, refusingTargets));
        MigrationRound round = new MigrationRound(workers(), parallel, config.controllerStreamDeadline()
                .plusSeconds(30), catalog, claims, sender, refusingTargets::add);
        int cleaned = round.run(queue);
        if (queue.stalled()) {
            throw new ControllerUnavailableException("RESOURCE_EXHAUSTED",
                    "every volume the controller offered was full; " + cleaned + " files migrated this round", null);
        }
        return cleaned;
    }

    /**
     * The least share of a round worth a drive of its own: MIGRATION_SPLIT_BYTES, else what a drive streams while
     * another one has a cartridge moved and loaded (nothing when the library's time scale is 0: loads cost no time).
     */
    private long splitBytes(DriveTimings timings) {
        return config.migrationSplitBytes().orElseGet(() -> timings.scale() == 0 ? 0
                : (long) (timings.streamingBytesPerSecond() * (timings.robotMoveSeconds() + timings.loadSeconds())));
    }

    /**
     * False for a file whose content is gone from the cache (marked lost at start-up, or its object file found
     * missing now: marked lost and logged once): it never reached tape, so nothing can migrate it, and sending it
     * would fail the whole batch. The other files go on.
     */
    private boolean hasContent(Inode inode) {
        if (inode.kind() != FileKind.FILE) {
            return true;
        }
        if (cache.isLost(inode.id())) {
            return false;
        }
        if (Files.isRegularFile(cache.objectPath(inode.id()))) {
            return true;
        }
        if (inode.size() == 0) {
            cache.create(inode.id());
            return true;
        }
        if (cache.markLost(inode.id())) {
            LOG.errorf("Dirty file %s (inode %d, %d bytes) has no content in the cache (%s is missing): it never"
                    + " reached tape and is lost; marked lost (reads give EIO), left out of write-back until it is"
                    + " deleted or written anew", catalog.pathOf(inode.id()).orElse("?"), inode.id(), inode.size(),
                    cache.objectPath(inode.id()));
        }
        return false;
    }
}

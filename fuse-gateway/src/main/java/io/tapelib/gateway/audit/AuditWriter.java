package io.tapelib.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.catalog.AuditTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The audit log's writer (issue 14): records wait in a bounded queue and one thread of its own appends them to the
 * audit log's database ({@link AuditTable}) in batches, one transaction per batch of at most
 * {@link Settings#batchSize()} records or {@link Settings#batchInterval()} of waiting, whichever comes first. The FUSE
 * thread only offers to the queue: when it is full the record is dropped and counted ({@value #DROPPED} with reason
 * {@code queue-full}, one log line a minute at most), never waited for. A batch the database refuses is dropped and
 * counted the same way (reason {@code write-failed}). What was written is made durable (fsync) at most
 * {@link #SYNC_INTERVAL} later, as the catalog's COMMIT_INTERVAL does for the mount's changes, so that a power loss
 * loses at most that much of the log. {@link #close} writes what is queued. Thread-safe.
 */
public final class AuditWriter implements AuditLog, AutoCloseable {
    /** Micrometer counter of records dropped (tag {@code reason}); Prometheus: tapelib_audit_dropped_records_total. */
    public static final String DROPPED = "tapelib.audit.dropped.records";
    /** Micrometer counter of records stored; Prometheus: tapelib_audit_records_total. */
    public static final String WRITTEN = "tapelib.audit.records";

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Longest a written record waits for its fsync (the default COMMIT_INTERVAL). */
    static final Duration SYNC_INTERVAL = Duration.ofSeconds(5);

    /**
     * How the writer batches.
     *
     * @param queueCapacity records that may wait; more are dropped
     * @param batchSize     most records in one transaction
     * @param batchInterval longest a record waits for its batch to fill before the batch is written
     */
    public record Settings(int queueCapacity, int batchSize, Duration batchInterval) {
        /** 64 Ki records waiting (~1 s of the fastest creates seen at the mount, many times over), 1,000 a batch, 200 ms. */
        public static final Settings DEFAULT = new Settings(65_536, 1_000, Duration.ofMillis(200));
    }

    private final Consumer<List<AuditRecord>> table;
    private final Runnable sync;
    private final long syncNanos;
    private final Settings settings;
    private final BlockingQueue<AuditRecord> queue;
    private final Counter queueFull;
    private final Counter writeFailed;
    private final Counter written;
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    /** Longest wait of the writer thread before it looks again whether it was closed. */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How often a batch being collected looks at the queue: a full batch of 1,000 takes a third of a second to arrive
     * at the fastest rate seen at the mount, so it waits at most a few percent longer; the writer wakes at most 100
     * times a second instead of once per record.
     */
    private static final long COLLECT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Thread thread;
    private volatile boolean closed;
    /** Writer thread only: whether records were written since the last sync, and since when. */
    private boolean unsynced;
    private long unsyncedSince;

    /** Starts the writer thread, writing into the audit log's database. */
    public AuditWriter(AuditTable table, MeterRegistry registry, Settings settings) {
        this(table::append, table::sync, SYNC_INTERVAL, registry, settings);
    }

    /** Starts the writer thread; nothing to sync (tests). */
    AuditWriter(Consumer<List<AuditRecord>> table, MeterRegistry registry, Settings settings) {
        this(table, () -> {
        }, SYNC_INTERVAL, registry, settings);
    }

    /**
     * Starts the writer thread.
     *
     * @param table stores one batch in one transaction, or throws (then the batch is counted as dropped)
     * @param sync         makes what was stored durable, or throws (logged; tried again at the next interval)
     * @param syncInterval longest a stored record waits for {@code sync}
     */
    AuditWriter(Consumer<List<AuditRecord>> table, Runnable sync, Duration syncInterval, MeterRegistry registry,
                Settings settings) {
        this.table = table;
        this.sync = sync;
        this.syncNanos = syncInterval.toNanos();
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.queueFull = registry.counter(DROPPED, "reason", "queue-full");
        this.writeFailed = registry.counter(DROPPED, "reason", "write-failed");
        this.written = registry.counter(WRITTEN);
        this.thread = new Thread(this::run, "audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a record; when the queue is full (or the writer closed) drops and counts it. Never blocks. */
    @Override
    public void record(AuditRecord record) {
        if (closed || !queue.offer(record)) {
            queueFull.increment();
            droppedSinceLog.incrementAndGet();
            logDropsAtMostEveryMinute("the audit queue is full or closed");
        }
    }

    /** Records waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops taking records and writes those queued, waiting at most {@code timeout}; what is left after it is lost
     * (logged).
     */
    public void close(Duration timeout) {
        closed = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warnf("The audit writer did not finish within %s; %d audit records are lost", timeout, queue.size());
        }
    }

    /** {@link #close(Duration)} with 10 s. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(settings.batchSize());
        boolean interrupted = false;
        while (true) {
            try {
                if (!fill(batch, interrupted)) {
                    if (unsynced) {
                        syncNow();
                    }
                    return;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            }
            if (!batch.isEmpty()) {
                write(batch);
                batch.clear();
            }
            syncWhenDue();
        }
    }

    /** Syncs when a record written is older than the interval (the thread wakes at least every 100 ms). */
    private void syncWhenDue() {
        if (unsynced && System.nanoTime() - unsyncedSince >= syncNanos) {
            syncNow();
        }
    }

    private void syncNow() {
        try {
            sync.run();
            unsynced = false;
        } catch (RuntimeException e) {
            LOG.warnf("The audit log could not be synced to stable storage: %s; trying again in %d ms",
                    e.getMessage(), TimeUnit.NANOSECONDS.toMillis(syncNanos));
            unsyncedSince = System.nanoTime();
        }
    }

    /**
     * Waits for a first record, then collects more until the batch is full or its interval passed. Returns false when
     * the writer is closed and nothing is left.
     */
    private boolean fill(List<AuditRecord> batch, boolean interrupted) throws InterruptedException {
        boolean ending = closed || interrupted;
        // waits in slices of at most WAKE_NANOS, so that a close is noticed at once whatever the batch interval
        AuditRecord first = ending ? queue.poll()
                : queue.poll(Math.min(settings.batchInterval().toNanos(), WAKE_NANOS), TimeUnit.NANOSECONDS);
        if (first == null) {
            return !(closed || interrupted) || !queue.isEmpty() || !batch.isEmpty();
        }
        batch.add(first);
        long deadline = System.nanoTime() + settings.batchInterval().toNanos();
        while (batch.size() < settings.batchSize()) {
            queue.drainTo(batch, settings.batchSize() - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= settings.batchSize() || left <= 0 || closed || interrupted) {
                break;
            }
            // Sleeps rather than polls: a thread waiting in poll is woken by every offer, and that futex wake and
            // context switch for each record cost the FUSE threads more than the rest of the audit did (bench audit).
            TimeUnit.NANOSECONDS.sleep(Math.min(left, COLLECT_SLICE_NANOS));
        }
        return true;
    }

    private void write(List<AuditRecord> batch) {
        try {
            table.accept(List.copyOf(batch));
            written.increment(batch.size());
            if (!unsynced) {
                unsynced = true;
                unsyncedSince = System.nanoTime();
            }
        } catch (RuntimeException e) {
            writeFailed.increment(batch.size());
            droppedSinceLog.addAndGet(batch.size());
            logDropsAtMostEveryMinute("the audit database refused a batch: " + e.getMessage());
        }
    }

    private void logDropsAtMostEveryMinute(String why) {
        long next = nextLogNanos.get();
        long now = System.nanoTime();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_EVERY_NANOS)) {
            LOG.warnf("Dropped %d audit records in the last minute (%s); metric %s", droppedSinceLog.getAndSet(0),
                    why, DROPPED);
        }
    }
}

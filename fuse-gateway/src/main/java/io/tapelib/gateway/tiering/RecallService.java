package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.namespace.RecallPriority;
import io.tapelib.gateway.namespace.RecallRequester;
import io.tapelib.gateway.jobs.GatewayJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The recall scheduler (shared/DESIGN.md section 1; issue 12, "Recall scheduler"): every recall request (readers,
 * bulk recalls, prefetch) enters one bounded {@link RecallQueue}, grouped by the cartridge holding the file's current
 * content (of several copies, one already in a drive, else one already queued or being read, else the first by volume
 * tag). One {@link RecallWorker} per drive of the library (GetLibrary, looked at again after every batch) takes a
 * cartridge at a time as {@link CartridgeChoice} decides and reads all its waiting files in one Recall call, in tape
 * order, so that each cartridge is loaded once per batch and different cartridges are read in parallel, never one
 * cartridge by two workers.
 *
 * <p>Faults: while the controller is away a batch is tried again with back-off until each request's recall timeout,
 * then its readers get EIO (a later read asks again); one file failing never stops the others; {@link #stop()} ends
 * the workers, cancels the calls in flight and fails what waits.
 *
 * <p>A file whose current copies are all on shelved cartridges (out of the library) is not queued: it waits in
 * {@link ImportRequests} for one of them to come back.
 *
 * <p>A request for a file already waiting joins it (raising its priority). A request for a file whose batch is being
 * read is queued anew: the namespace asks once per recall it starts in the cache, so such a request is a recall
 * started again (from another offset, or after the previous one ended), which the running batch no longer serves.
 */
@ApplicationScoped
public class RecallService implements RecallRequester {
    private static final Logger LOG = Logger.getLogger(RecallService.class);
    /** Requests waiting at most; a reader whose request does not fit is failed at once rather than queued without limit. */
    static final int QUEUE_CAPACITY = 65_536;
    /** An idle worker asks the library again after this, so that its choice knows which cartridges are in drives. */
    static final Duration STALE_VIEW = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final CacheStore cache;
    private final RecallTarget target;
    private final TapeController controller;
    private final GatewayConfig config;
    private final Clock clock;
    private final RecallQueue queue;
    private final BulkRecall bulk;
    private final RecallEta estimates;
    private final ImportRequests imports;
    /** Each cartridge batch is a RECALL job there (GET /api/v1/jobs). */
    private final GatewayJobs jobs;
    private final List<Running> workers = new ArrayList<>();
    private volatile LibraryView library = LibraryView.UNKNOWN;
    private volatile long viewedNanos = System.nanoTime();
    private boolean running;

    private record Running(RecallWorker worker, Thread thread) {
    }

    /** Wires the service without a job registry of the gateway's (tests); nothing runs before {@link #start()}. */
    public RecallService(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                         ImportRequests imports) {
        this(catalog, cache, controller, config, clock, imports, new GatewayJobs(clock));
    }

    /** Wires the service; each cartridge batch becomes a RECALL job in {@code jobs}. Nothing runs before {@link #start()}. */
    @Inject
    public RecallService(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock,
                         ImportRequests imports, GatewayJobs jobs) {
        this.jobs = jobs;
        this.imports = imports;
        this.catalog = catalog;
        this.cache = cache;
        this.target = cache.recallTarget();
        this.controller = controller;
        this.config = config;
        this.clock = clock;
        this.queue = new RecallQueue(QUEUE_CAPACITY, clock, new CartridgeChoice(config.recallMaxWait()));
        this.bulk = new BulkRecall(catalog, cache, new BulkRecall.Queue() {
            @Override
            public List<RecallQueue.Admission> enqueue(List<Long> inodes, RecallPriority priority) {
                return RecallService.this.enqueue(inodes, priority);
            }

            @Override
            public boolean raise(long inode, RecallPriority priority) {
                return queue.raise(inode, priority);
            }
        }, config.recallTimeout());
        this.estimates = new RecallEta(tag -> catalog.volume(tag)
                .map(v -> new RecallEta.Geometry(v.capacityBytes(), v.blockSize()))
                .orElse(new RecallEta.Geometry(0, 0)));
    }

    /**
     * Asks the controller for the drives (GetLibrary, within its call deadline; one drive assumed while it is away)
     * and starts one worker per drive; each serves the queue until {@link #stop()}. No-op when running.
     */
    public synchronized void start() {
        if (!running) {
            running = true;
            refreshLibrary();
        }
    }

    /**
     * Interrupts the workers: Recall calls in flight are cancelled (their files fail) and the workers end; requests
     * still waiting are failed (their readers get EIO). Does not wait for the workers' threads to end.
     */
    public void stop() {
        List<Running> stopped;
        synchronized (this) {
            running = false;
            stopped = List.copyOf(workers);
            workers.clear();
        }
        for (Running worker : stopped) {
            worker.worker().retire();
            worker.thread().interrupt();
        }
        for (RecallRequest request : queue.drain()) {
            target.fail(request.inode(), "the gateway is stopping");
        }
    }

    /** Queues a recall for a reader that waits ({@link RecallPriority#INTERACTIVE}). */
    @Override
    public void requestRecall(long inode) {
        requestRecall(inode, RecallPriority.INTERACTIVE);
    }

    /** Queues a recall at {@code priority}; the cache already tracks the inode as recalling (its readers wait on it). */
    @Override
    public void requestRecall(long inode, RecallPriority priority) {
        switch (enqueue(List.of(inode), priority).get(0)) {
            case FULL -> target.fail(inode, "too many recalls queued");
            case NOT_ON_TAPE -> target.fail(inode, "no tape holds the current content");
            default -> { }
        }
    }

    /** Raises the priority of the file's waiting request; a file being read or not queued needs nothing. */
    @Override
    public void raise(long inode, RecallPriority priority) {
        if (!queue.raise(inode, priority)) {
            imports.raise(inode, priority);
        }
    }

    /** See {@link RecallEta}: estimated time until the file's first byte; empty when it is not queued or being read. */
    @Override
    public Optional<Duration> eta(long inode) {
        return estimates.eta(inode, queue.snapshot(), library, clock.instant());
    }

    /**
     * Recalls many files at {@link RecallPriority#BULK}: paths as at the mount, from its root; the offline ones are
     * queued in one step (see {@link BulkRecallResult}). Never blocks on the tape.
     */
    public BulkRecallResult recallPaths(List<String> paths) {
        return bulk.recall(paths);
    }

    /**
     * A cartridge left the library (exported, or taken out of a mail slot): the recalls queued for it and not yet
     * being read wait for its import instead ({@link ImportRequests}), keeping their deadlines, or go to a copy on a
     * cartridge still in the library; a file with neither fails as not on tape.
     */
    void shelved(String volumeTag) {
        for (RecallRequest request : queue.withdraw(volumeTag)) {
            long inode = request.inode();
            Optional<RecallQueue.Admission> admission = imports.park(inode, request.priority(), request.deadline())
                    .or(() -> request(inode, request.priority(), request.arrived(), request.deadline())
                            .map(queue::offer));
            switch (admission.orElse(RecallQueue.Admission.NOT_ON_TAPE)) {
                case FULL -> target.fail(inode, "too many recalls wait for shelved cartridges");
                case NOT_ON_TAPE -> target.fail(inode, "no tape in the library holds the current content");
                default -> { }
            }
        }
    }

    /** What waits and what is being read now. */
    public RecallStatus status() {
        RecallQueue.Snapshot snapshot = queue.snapshot();
        return new RecallStatus(snapshot.queued(), snapshot.serving().stream()
                .sorted(Comparator.comparingInt(CartridgeBatch::worker))
                .map(batch -> new RecallStatus.Running(batch.volumeTag(), batch.requests().size())).toList());
    }

    /**
     * The files the scheduler has not finished, in the order it will serve them as far as can be told ahead
     * ({@link RecallOrder}): those of the batches being read, then those waiting; files waiting for a shelved
     * cartridge's import are not among them ({@link ImportRequests}).
     */
    public List<QueuedRecall> queued() {
        return RecallOrder.files(queue.snapshot(), library);
    }

    /** Workers now (one per drive the library last reported). */
    synchronized int workers() {
        return workers.size();
    }

    private List<RecallQueue.Admission> enqueue(List<Long> inodes, RecallPriority priority) {
        Instant now = clock.instant();
        Instant deadline = now.plus(config.recallTimeout());
        List<RecallRequest> requests = new ArrayList<>(inodes.size());
        List<Integer> positions = new ArrayList<>(inodes.size());
        List<RecallQueue.Admission> admissions = new ArrayList<>(inodes.size());
        for (long inode : inodes) {
            Optional<RecallQueue.Admission> parked = imports.park(inode, priority, deadline);
            if (parked.isPresent()) {
                admissions.add(parked.get());   // its cartridge is shelved: it waits for an import (ImportRequests)
                continue;
            }
            Optional<RecallRequest> request = request(inode, priority, now, deadline);
            admissions.add(request.isPresent() ? null : RecallQueue.Admission.NOT_ON_TAPE);
            request.ifPresent(r -> {
                positions.add(admissions.size() - 1);
                requests.add(r);
            });
        }
        List<RecallQueue.Admission> offered = queue.offerAll(requests);
        for (int i = 0; i < offered.size(); i++) {
            admissions.set(positions.get(i), offered.get(i));
        }
        return admissions;
    }

    /** The request for the file's current content on the cartridge best to read it from; empty when on no tape. */
    private Optional<RecallRequest> request(long inode, RecallPriority priority, Instant now, Instant deadline) {
        List<String> tapes = catalog.copies().currentVolumes(inode).stream()
                .filter(tape -> !catalog.shelvedVolumes().isShelved(tape)).toList();
        if (tapes.isEmpty()) {
            return Optional.empty();
        }
        LibraryView view = library;
        String tape = tapes.stream().filter(view.loaded()::contains).findFirst()
                .or(() -> tapes.stream().filter(queue::hasWork).findFirst()).orElse(tapes.get(0));
        List<ExtentRecord> extents = catalog.copies().extents(inode, tape);
        ExtentRecord first = extents.stream().min(Comparator.comparingInt(ExtentRecord::partition)
                .thenComparingLong(ExtentRecord::startBlock)).orElse(null);
        long bytes = extents.stream().mapToLong(ExtentRecord::byteCount).sum();
        return Optional.of(new RecallRequest(inode, tape, first == null ? 0 : first.partition(),
                first == null ? 0 : first.startBlock(), bytes, priority, now, deadline));
    }

    private void refreshIfStale() {
        if (System.nanoTime() - viewedNanos > STALE_VIEW.toNanos()) {
            refreshLibrary();
        }
    }

    /** Asks the controller for the drives and what is in them, then matches the workers to the drives. */
    private void refreshLibrary() {
        viewedNanos = System.nanoTime();
        try {
            LibraryView seen = LibraryView.of(controller.library());
            if (seen.drives() != library.drives()) {
                LOG.infof("Recalls: the library has %d drive(s); one recall worker each", seen.drives());
            }
            library = seen;
        } catch (ControllerUnavailableException e) {
            // Keep the last view: the workers retry their calls with back-off anyway.
            LOG.debugf("Recalls: GetLibrary failed (%s); keeping %d worker(s)", e.getMessage(), library.drives());
        }
        resize();
    }

    private synchronized void resize() {
        if (!running) {
            return;
        }
        while (workers.size() < library.drives()) {
            int id = workers.size();
            RecallWorker worker = new RecallWorker(id, queue, new CartridgeRecall(catalog, cache, controller, clock, jobs),
                    () -> library, this::refreshLibrary, this::refreshIfStale);
            Thread thread = new Thread(worker, "recall-" + id);
            thread.setDaemon(true);
            workers.add(new Running(worker, thread));
            thread.start();
        }
        while (workers.size() > library.drives()) {
            workers.remove(workers.size() - 1).worker().retire();
        }
    }
}

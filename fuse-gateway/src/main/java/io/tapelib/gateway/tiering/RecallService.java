package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RecallSupersededException;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.namespace.RecallRequester;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Recalls offline files into the cache (shared/DESIGN.md section 1). Requests queue up while a recall
 * runs and are then served together, grouped per tape, the loaded tape first, so that a batch of reads
 * loads each cartridge once. While the controller is away a request is retried with back-off until its
 * recall timeout, then the waiting readers get EIO; a later read asks again.
 */
@ApplicationScoped
public class RecallService implements RecallRequester {
    private static final Logger LOG = Logger.getLogger(RecallService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Catalog catalog;
    private final RecallTarget target;
    private final TapeController controller;
    private final GatewayConfig config;
    private final Clock clock;
    /** Bounded: a reader whose request does not fit is failed at once rather than queued without limit. */
    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(65_536);
    private Thread worker;

    private record Request(long inode, Instant deadline) {
    }

    /** Wires the service; nothing runs before {@link #start()}. */
    public RecallService(Catalog catalog, CacheStore cache, TapeController controller, GatewayConfig config, Clock clock) {
        this.catalog = catalog;
        this.target = cache.recallTarget();
        this.controller = controller;
        this.config = config;
        this.clock = clock;
    }

    /** Starts the recall thread, which serves queued requests until {@link #stop()}; no-op when running. */
    public synchronized void start() {
        if (worker == null) {
            worker = new Thread(this::serve, "recall");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /**
     * Interrupts the recall thread: a Recall call in flight is cancelled and the thread ends; requests still
     * queued are not served (their readers time out with EIO). Does not wait for the thread to end.
     */
    public synchronized void stop() {
        if (worker != null) {
            worker.interrupt();
            worker = null;
        }
    }

    /** Queues a recall; the cache already tracks the inode as recalling (its readers wait on it). */
    @Override
    public void requestRecall(long inode) {
        if (!requests.offer(new Request(inode, clock.instant().plus(config.recallTimeout())))) {
            target.fail(inode, "too many recalls queued");
        }
    }

    private void serve() {
        List<Request> pending = new ArrayList<>();
        Duration backoff = Duration.ofMillis(250);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (pending.isEmpty()) {
                    pending.add(requests.take());
                } else {
                    Request more = requests.poll(backoff.toMillis(), TimeUnit.MILLISECONDS);
                    if (more != null) {
                        pending.add(more);
                    }
                }
                requests.drainTo(pending);
                pending = recall(pending);
                backoff = pending.isEmpty() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), MAX_BACKOFF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recall round failed");
                for (Request request : pending) {
                    target.fail(request.inode(), "recall failed: " + e.getMessage());
                }
                pending = new ArrayList<>();
            }
        }
    }

    /** Runs the recalls of {@code pending}, tape by tape; returns the requests to try again later. */
    private List<Request> recall(List<Request> pending) {
        Map<String, List<Request>> byTape = new LinkedHashMap<>();
        Set<Long> queued = new HashSet<>();
        for (Request request : pending) {
            if (!queued.add(request.inode())) {
                continue;
            }
            List<String> tapes = catalog.volumesOf(request.inode());
            if (tapes.isEmpty()) {
                target.fail(request.inode(), "no tape holds the current content");
                continue;
            }
            byTape.computeIfAbsent(tapes.get(0), t -> new ArrayList<>()).add(request);
        }
        List<String> order = new ArrayList<>(byTape.keySet());
        Set<String> loaded = loadedTapes();
        order.sort(Comparator.comparing((String tag) -> !loaded.contains(tag)).thenComparing(tag -> tag));

        List<Request> retry = new ArrayList<>();
        for (String tape : order) {
            retry.addAll(recallFromTape(tape, byTape.get(tape)));
        }
        return retry;
    }

    private Set<String> loadedTapes() {
        try {
            Set<String> tags = new HashSet<>();
            for (LibraryElement drive : controller.library().drives()) {
                if (drive.full()) {
                    tags.add(drive.volumeTag());
                }
            }
            return tags;
        } catch (ControllerUnavailableException e) {
            return Set.of();
        }
    }

    private List<Request> recallFromTape(String tape, List<Request> requests) {
        List<RecallBatch.File> files = new ArrayList<>();
        Map<Long, SparseGaps> gaps = new HashMap<>();
        Map<Long, Request> open = new LinkedHashMap<>();
        for (Request request : requests) {
            try {
                prepare(tape, request.inode()).ifPresent(prepared -> {
                    files.add(prepared.file());
                    gaps.put(request.inode(), prepared.gaps());
                    open.put(request.inode(), request);
                });
            } catch (RuntimeException e) {
                // One file the cache cannot take (full, already present) fails alone.
                LOG.errorf("Recall of inode %d from %s failed before reading: %s", request.inode(), tape, e.getMessage());
                target.fail(request.inode(), "recall failed: " + e.getMessage());
            }
        }
        if (open.isEmpty()) {
            return List.of();
        }
        try {
            Instant earliest = open.values().stream().map(Request::deadline).min(Comparator.naturalOrder()).orElseThrow();
            Duration patience = Duration.between(clock.instant(), earliest);
            if (!controller.awaitConnection(patience.isNegative() ? Duration.ZERO : patience)) {
                throw new ControllerUnavailableException("UNAVAILABLE", "the controller does not answer", null);
            }
            long started = System.nanoTime();
            // the catalog's view of the volume: when the cartridge memory vouches for it, no index read before the data
            RecallBatch call = new RecallBatch(tape, files, catalog.volume(tape)
                    .map(v -> new RecallBatch.ExpectedVolume(v.uuid(), v.generation(), v.blockSize()))
                    .orElse(RecallBatch.ExpectedVolume.UNKNOWN));
            long bytes = call.bytes();
            RecallDelivery delivery = new RecallDelivery(target, open.keySet(), gaps);
            try {
                controller.recall(call, delivery::accept);
            } finally {
                open.keySet().retainAll(delivery.pending());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("Recalled %d files (%d bytes in %.1f s, %.1f MB/s) from %s", files.size(), bytes, seconds,
                    bytes / 1e6 / Math.max(seconds, 1e-9), tape);
            for (Long inode : open.keySet()) {
                target.fail(inode, "the controller ended the recall without this file");
            }
            return List.of();
        } catch (ControllerUnavailableException e) {
            List<Request> retry = new ArrayList<>();
            Instant now = clock.instant();
            for (Request request : open.values()) {
                if (e.transientFailure() && now.isBefore(request.deadline())) {
                    retry.add(request);
                } else {
                    LOG.errorf("Recall of inode %d from %s failed: %s", request.inode(), tape, e.getMessage());
                    target.fail(request.inode(), e.getMessage());
                }
            }
            return retry;
        } catch (RuntimeException e) {
            // The call was cancelled; the files it had not finished fail, the ones done stay done.
            if (e.getCause() instanceof RecallSupersededException) {
                LOG.infof("Recall from %s ended early: its files were recalled again from other offsets", tape);
            } else {
                LOG.errorf("Recall from %s stopped: %s", tape, e.getMessage());
            }
            for (Long inode : open.keySet()) {
                target.fail(inode, "recall failed: " + e.getMessage());
            }
            return List.of();
        }
    }

    /**
     * Starts receiving one file: the cache takes its length; its sparse gaps are filled as the stream passes them.
     *
     * @return what to ask the controller for; empty when the file is gone (its readers are failed)
     */
    private Optional<Prepared> prepare(String tape, long inodeId) {
        Optional<Inode> inode = catalog.get(inodeId);
        if (inode.isEmpty()) {
            target.fail(inodeId, "the file was removed");
            return Optional.empty();
        }
        List<ExtentRecord> extents = catalog.extents(inodeId, tape);
        long length = inode.get().size();
        target.begin(inodeId, length);
        return Optional.of(new Prepared(new RecallBatch.File(inodeId, length, extents.stream().map(IndexEntries::extent).toList()),
                new SparseGaps(inodeId, length, extents)));
    }

    /** One file of a Recall call: what the controller is asked for, and what no extent covers. */
    private record Prepared(RecallBatch.File file, SparseGaps gaps) {
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

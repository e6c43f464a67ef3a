package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RecallSupersededException;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.RecallEvent;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads one {@link CartridgeBatch} in one Recall call and streams its files into the cache, in tape order (partition,
 * then logical block of the first extent), naming the catalog's view of the volume (UUID, index generation, block
 * size) so that the controller can skip the index read when the cartridge still holds that generation. A file that
 * fails (removed, the cache refuses it, its bytes cannot be stored) fails alone; its readers get EIO. Stateless
 * between batches; each worker has its own.
 */
final class CartridgeRecall {
    private static final Logger LOG = Logger.getLogger(RecallService.class);

    private final Catalog catalog;
    private final CacheStore cache;
    private final RecallTarget target;
    private final TapeController controller;
    private final Clock clock;
    private final GatewayJobs jobs;

    CartridgeRecall(Catalog catalog, CacheStore cache, TapeController controller, Clock clock, GatewayJobs jobs) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.cache = cache;
        this.target = cache.recallTarget();
        this.controller = controller;
        this.clock = clock;
    }

    /**
     * Recalls the batch's files. Each file ends delivered or failed, except when the controller is away (a transient
     * failure) and the file's deadline has not passed: those are returned to be queued again.
     *
     * @return the requests to try again after a back-off; empty when every file ended
     */
    List<RecallRequest> serve(CartridgeBatch batch) {
        String tape = batch.volumeTag();
        List<Prepared> prepared = new ArrayList<>();
        for (RecallRequest request : batch.requests()) {
            try {
                prepare(tape, request).ifPresent(prepared::add);
            } catch (RuntimeException e) {
                // One file the cache cannot take (full, already present) fails alone.
                LOG.errorf("Recall of inode %d from %s failed before reading: %s", request.inode(), tape, e.getMessage());
                target.fail(request.inode(), "recall failed: " + e.getMessage());
            }
        }
        if (prepared.isEmpty()) {
            return List.of();
        }
        // The catalog's extents are the truth now; the queue ordered by what it saw when the requests arrived.
        prepared.sort(Comparator.comparing(Prepared::position));
        Map<Long, RecallRequest> open = new LinkedHashMap<>();
        Map<Long, SparseGaps> gaps = new HashMap<>();
        List<RecallBatch.File> files = new ArrayList<>();
        for (Prepared file : prepared) {
            open.put(file.request().inode(), file.request());
            gaps.put(file.request().inode(), file.gaps());
            files.add(file.file());
        }
        try {
            Instant earliest = open.values().stream().map(RecallRequest::deadline).min(Comparator.naturalOrder()).orElseThrow();
            Duration patience = Duration.between(clock.instant(), earliest);
            if (!controller.awaitConnection(patience.isNegative() ? Duration.ZERO : patience)) {
                throw new ControllerUnavailableException("UNAVAILABLE", "the controller does not answer", null);
            }
            long started = System.nanoTime();
            RecallBatch call = new RecallBatch(tape, files, expected(tape));
            long bytes = call.bytes();
            RecallDelivery delivery = new RecallDelivery(target, open.keySet(), gaps);
            GatewayJobs.Handle job = jobs.submit(GatewayJob.Type.RECALL, tape, files.size() + " files from " + tape);
            job.started(tape);
            ProgressSteps steps = new ProgressSteps(job, bytes, files.size());
            steps.at(0, 0);
            long[] received = new long[2];
            try {
                controller.recall(call, event -> {
                    if (event instanceof RecallEvent.Chunk chunk) {
                        batch.receiving(event.fileId());
                        received[0] += chunk.data().remaining();
                    }
                    delivery.accept(event);
                    if (event instanceof RecallEvent.FileDone) {
                        received[1]++;
                    }
                    steps.at(received[0], (int) received[1]);
                });
                job.succeeded();
            } catch (RuntimeException e) {
                job.failed(e);
                throw e;
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
            List<RecallRequest> retry = new ArrayList<>();
            Instant now = clock.instant();
            boolean stopping = Thread.currentThread().isInterrupted();
            for (RecallRequest request : open.values()) {
                if (!stopping && e.transientFailure() && now.isBefore(request.deadline())) {
                    retry.add(request);
                } else {
                    String reason = stopping ? "the gateway is stopping" : e.getMessage();
                    LOG.errorf("Recall of inode %d from %s failed: %s", request.inode(), tape, reason);
                    target.fail(request.inode(), reason);
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

    /** What the catalog knows of the volume at its last imported index; nothing known: the controller reads it. */
    private RecallBatch.ExpectedVolume expected(String tape) {
        return catalog.volume(tape)
                .map(v -> new RecallBatch.ExpectedVolume(v.uuid(), v.generation(), v.blockSize()))
                .orElse(RecallBatch.ExpectedVolume.UNKNOWN);
    }

    /**
     * Starts receiving one file: the cache takes its length; its sparse gaps are filled as the stream passes them.
     *
     * @return what to ask the controller for; empty when the file is gone (its readers are failed) or already in the
     *         cache (a request that came after its recall ended)
     */
    private Optional<Prepared> prepare(String tape, RecallRequest request) {
        long inodeId = request.inode();
        Optional<Inode> inode = catalog.get(inodeId);
        if (inode.isEmpty()) {
            target.fail(inodeId, "the file was removed");
            return Optional.empty();
        }
        if (cache.isPresent(inodeId)) {
            return Optional.empty();
        }
        List<ExtentRecord> extents = catalog.copies().extents(inodeId, tape);
        long length = inode.get().size();
        if (extents.isEmpty() && length > 0) {
            target.fail(inodeId, "the catalog names no extent of it on " + tape + " any more");
            return Optional.empty();
        }
        long from = target.begin(inodeId, length);
        if (from > 0) {
            LOG.infof("Recall of inode %d from %s resumes at byte %d of %d: the bytes before arrived before the"
                    + " stream was cut", inodeId, tape, from, length);
        }
        List<TapeExtent> onTape = extents.stream().map(IndexEntries::extent).toList();
        Position first = onTape.stream().map(e -> new Position(e.partition(), e.startBlock())).min(Comparator.naturalOrder())
                .orElse(new Position(request.partition(), request.block()));
        return Optional.of(new Prepared(request, new RecallBatch.File(inodeId, length, onTape, from),
                new SparseGaps(inodeId, length, extents), first));
    }

    /** One file of a Recall call: what the controller is asked for, what no extent covers, where it starts. */
    private record Prepared(RecallRequest request, RecallBatch.File file, SparseGaps gaps, Position position) {
    }

    /** A place on tape in the order the tape moves: partition, then logical block. */
    private record Position(int partition, long block) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            return partition != other.partition ? Integer.compare(partition, other.partition)
                    : Long.compare(block, other.block);
        }
    }
}

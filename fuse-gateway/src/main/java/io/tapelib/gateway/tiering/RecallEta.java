package io.tapelib.gateway.tiering;

import io.tapelib.gateway.controller.DriveTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Estimates the time until the first byte of a queued or running recall reaches the cache ({@code user.tapelib.eta}).
 *
 * <p>The model, in the drive's hardware seconds ({@link DriveTimings}, multiplied by its {@code scale} for real
 * seconds):
 * <ul>
 *   <li>A cartridge's batch costs its exchange, then per file in tape order a locate from where the head is to the
 *       file's first block and its bytes at streaming rate; the file's first byte comes after the exchange, the files
 *       before it and its own locate.</li>
 *   <li>Exchange: nothing when the cartridge is in a drive; otherwise robot move and load, plus unload and a robot
 *       move back when no drive is empty. The volume is assumed mounted without an index read (the catalog names the
 *       generation the cartridge holds: issue 12, time to first byte); a full index read is not counted.</li>
 *   <li>Locate: the fraction of one end-to-end pass that the head travels longitudinally. LTO writes in a serpentine
 *       of {@value #WRAPS} wraps (LTO-5: 80 wraps on 846 m, as the virtual library's timing model), so a block's
 *       longitudinal place is its byte address within its wrap, counted back on odd wraps; a loaded cartridge's head
 *       is taken to be at the beginning of tape.</li>
 *   <li>Queue: each drive's worker serves a cartridge at a time; a running batch ends after its estimate (never
 *       before now); the waiting cartridges go as {@link CartridgeChoice} orders them (most urgent class, then oldest
 *       request, then one in a drive), each to the worker that is free first (a worker's stay on its own cartridge
 *       and the RECALL_MAX_WAIT bound are not modelled).</li>
 * </ul>
 * A pure function of its inputs; thread-safe.
 */
final class RecallEta {
    /** Wraps of an LTO-5 cartridge (LTO-5 specification: 80 wraps on 846 m). */
    static final int WRAPS = 80;
    /** LTO-5 native capacity, bytes: for a volume the catalog gives no capacity. */
    static final long LTO5_CAPACITY = 1_500_000_000_000L;
    /** LTFS's default block size, bytes (LTFS Format Specification 2.4, §6.1: 512 KiB recommended). */
    static final long DEFAULT_BLOCK_SIZE = 524_288;

    /** A volume's geometry as the catalog knows it: capacity and block size, bytes (0: unknown). */
    record Geometry(long capacityBytes, long blockSize) {
    }

    private final Function<String, Geometry> geometry;

    /** @param geometry a volume's geometry by volume tag */
    RecallEta(Function<String, Geometry> geometry) {
        this.geometry = geometry;
    }

    /**
     * @return the estimate for {@code inode} (zero once its bytes arrive); empty when it is neither queued nor running
     */
    Optional<Duration> eta(long inode, RecallQueue.Snapshot queue, LibraryView library, Instant now) {
        DriveTimings timings = library.timings();
        PriorityQueue<Double> freeAt = new PriorityQueue<>();
        Optional<Duration> found = Optional.empty();
        for (CartridgeBatch batch : queue.serving()) {
            double elapsed = Duration.between(batch.started(), now).toNanos() / 1e9;
            Plan plan = plan(batch.volumeTag(), batch.requests(), batch.wasLoaded(), library);
            freeAt.add(Math.max(0, plan.total() * timings.scale() - elapsed));
            int index = indexOf(batch.requests(), inode);
            if (index >= 0) {
                found = Optional.of(batch.isReceiving(inode) ? Duration.ZERO
                        : seconds(Math.max(0, plan.firstByte().get(index) * timings.scale() - elapsed)));
            }
        }
        if (found.isPresent()) {
            return found;
        }
        while (freeAt.size() < library.drives()) {
            freeAt.add(0.0);
        }
        for (Map.Entry<String, List<RecallRequest>> cartridge : RecallOrder.cartridges(queue.waiting(), library)) {
            List<RecallRequest> requests = new ArrayList<>(cartridge.getValue());
            requests.sort(RecallRequest::alongTape);
            Plan plan = plan(cartridge.getKey(), requests, library.loaded().contains(cartridge.getKey()), library);
            double start = freeAt.poll();
            int index = indexOf(requests, inode);
            if (index >= 0) {
                return Optional.of(seconds(start + plan.firstByte().get(index) * timings.scale()));
            }
            freeAt.add(start + plan.total() * timings.scale());
        }
        return Optional.empty();
    }

    /** Hardware seconds until each file's first byte, and of the whole batch. */
    private record Plan(List<Double> firstByte, double total) {
    }

    private Plan plan(String volumeTag, List<RecallRequest> requests, boolean loaded, LibraryView library) {
        DriveTimings t = library.timings();
        Geometry volume = geometry.apply(volumeTag);
        long capacity = volume.capacityBytes() > 0 ? volume.capacityBytes() : LTO5_CAPACITY;
        long blockSize = volume.blockSize() > 0 ? volume.blockSize() : DEFAULT_BLOCK_SIZE;
        double clock = loaded ? 0 : t.robotMoveSeconds() + t.loadSeconds()
                + (library.emptyDrive() ? 0 : t.unloadSeconds() + t.robotMoveSeconds());
        double head = 0;
        List<Double> firstByte = new ArrayList<>(requests.size());
        for (RecallRequest request : requests) {
            long address = request.block() * blockSize;
            double place = longitudinal(address, capacity);
            clock += Math.abs(place - head) * t.endToEndSeconds();
            firstByte.add(clock);
            clock += t.streamingBytesPerSecond() > 0 ? request.bytes() / t.streamingBytesPerSecond() : 0;
            head = longitudinal(address + request.bytes(), capacity);
        }
        return new Plan(firstByte, clock);
    }

    /** Where a byte address lies along the tape, 0.0 (beginning) to 1.0 (end), in LTO's serpentine. */
    static double longitudinal(long byteAddress, long capacityBytes) {
        double perWrap = Math.max(1.0, (double) capacityBytes / WRAPS);
        int wrap = (int) Math.min(WRAPS - 1, Math.floor(byteAddress / perWrap));
        double within = Math.min(1.0, (byteAddress - wrap * perWrap) / perWrap);
        return wrap % 2 == 0 ? within : 1.0 - within;
    }

    private static int indexOf(List<RecallRequest> requests, long inode) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).inode() == inode) {
                return i;
            }
        }
        return -1;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}

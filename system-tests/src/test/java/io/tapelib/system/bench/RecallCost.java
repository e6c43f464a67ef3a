package io.tapelib.system.bench;

import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated tape seconds of serving recalls in a given order, charged with the controller's own {@link TimingModel}
 * figures and locate formula, as the virtual library charges them: per cartridge, a robot move to the drive, the load,
 * locates from the beginning of tape to each file and streaming of its records, then the rewind, the unload and the
 * robot move back to its slot. The index reads of a volume mount are not charged: this is the physical minimum.
 */
final class RecallCost {
    /** A recall of one file: its cartridge and the data partition's blocks it spans. */
    record Request(String volumeTag, long startBlock, long endBlock) {
    }

    private final Map<String, TapeGeometry> cartridges;

    RecallCost(Map<String, TapeGeometry> cartridges) {
        this.cartridges = cartridges;
    }

    /** Each cartridge touched loaded once and read in block order; the same total for any number of drives. */
    double lowerBound(List<Request> requests) {
        Map<String, List<Request>> byCartridge = new LinkedHashMap<>();
        requests.forEach(r -> byCartridge.computeIfAbsent(r.volumeTag(), t -> new ArrayList<>()).add(r));
        double seconds = 0;
        for (Map.Entry<String, List<Request>> cartridge : byCartridge.entrySet()) {
            Drive drive = new Drive();
            seconds += drive.load(cartridge.getKey());
            for (Request request : cartridge.getValue().stream().sorted(Comparator.comparingLong(Request::startBlock))
                    .toList()) {
                seconds += drive.read(request);
            }
            seconds += drive.unload();
        }
        return seconds;
    }

    /**
     * First in, first out: each request served alone in arrival order, by a drive holding its cartridge when there is
     * one, otherwise by the drive unused longest, which exchanges its cartridge; the drives are emptied at the end.
     */
    double fifo(List<Request> requests, int drives) {
        List<Drive> pool = new ArrayList<>();
        for (int d = 0; d < drives; d++) {
            pool.add(new Drive());
        }
        double seconds = 0;
        long clock = 0;
        for (Request request : requests) {
            Drive drive = pool.stream().filter(d -> request.volumeTag().equals(d.volumeTag)).findFirst()
                    .orElseGet(() -> pool.stream().min(Comparator.comparingLong(d -> d.lastUsed)).orElseThrow());
            if (!request.volumeTag().equals(drive.volumeTag)) {
                seconds += drive.volumeTag == null ? 0 : drive.unload();
                seconds += drive.load(request.volumeTag());
            }
            seconds += drive.read(request);
            drive.lastUsed = ++clock;
        }
        for (Drive drive : pool) {
            seconds += drive.volumeTag == null ? 0 : drive.unload();
        }
        return seconds;
    }

    /** One drive's cartridge and head position, and the seconds each step costs. */
    private final class Drive {
        String volumeTag;
        LongitudinalPosition head;
        long lastUsed;

        double load(String tag) {
            volumeTag = tag;
            head = LongitudinalPosition.BEGINNING_OF_TAPE;
            return TimingModel.ROBOT_MOVE_SECONDS + TimingModel.LOAD_SECONDS;
        }

        double read(Request request) {
            TapeGeometry tape = cartridges.get(volumeTag);
            LongitudinalPosition start = tape.position(request.startBlock());
            double seconds = TimingModel.locateSeconds(head, start);
            long bytes = tape.bytesBefore(request.endBlock()) - tape.bytesBefore(request.startBlock());
            seconds += bytes / TimingModel.STREAMING_BYTES_PER_SECOND;
            head = tape.position(request.endBlock());
            return seconds;
        }

        double unload() {
            double seconds = TimingModel.locateSeconds(head, LongitudinalPosition.BEGINNING_OF_TAPE)
                    + TimingModel.UNLOAD_SECONDS + TimingModel.ROBOT_MOVE_SECONDS;
            volumeTag = null;
            head = null;
            return seconds;
        }
    }
}

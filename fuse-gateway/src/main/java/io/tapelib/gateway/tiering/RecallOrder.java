package io.tapelib.gateway.tiering;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which the recall scheduler will serve what its queue holds, as far as it can be told ahead: the
 * cartridges being read first (by worker), then the waiting cartridges as {@link CartridgeChoice} ranks them (most
 * urgent class, then oldest request of that class, then one already in a drive, then volume tag), each cartridge's
 * files in tape order. A worker's stay on its own cartridge and the RECALL_MAX_WAIT bound depend on arrivals yet to
 * come and are not modelled ({@link RecallEta} estimates with the same order). Pure functions; thread-safe.
 */
final class RecallOrder {
    private RecallOrder() {
    }

    /** The waiting cartridges of a queue snapshot, in the order the workers will take them. */
    static List<Map.Entry<String, List<RecallRequest>>> cartridges(Map<String, List<RecallRequest>> waiting,
                                                                  LibraryView library) {
        List<Map.Entry<String, List<RecallRequest>>> order = new ArrayList<>(waiting.entrySet());
        order.sort(Comparator.comparing((Map.Entry<String, List<RecallRequest>> c) -> best(c.getValue()))
                .thenComparing(c -> CartridgeChoice.ageBucket(oldestOfBest(c.getValue())))
                .thenComparing(c -> !library.loaded().contains(c.getKey()))
                .thenComparing(Map.Entry::getKey));
        return order;
    }

    /** Every file of the snapshot, being read or waiting, in the order above. */
    static List<QueuedRecall> files(RecallQueue.Snapshot queue, LibraryView library) {
        List<QueuedRecall> files = new ArrayList<>();
        queue.serving().stream().sorted(Comparator.comparingInt(CartridgeBatch::worker))
                .forEach(batch -> batch.requests().forEach(request -> files.add(QueuedRecall.of(request, true))));
        for (Map.Entry<String, List<RecallRequest>> cartridge : cartridges(queue.waiting(), library)) {
            cartridge.getValue().stream().sorted(RecallRequest::alongTape)
                    .forEach(request -> files.add(QueuedRecall.of(request, false)));
        }
        return files;
    }

    static RecallPriority best(List<RecallRequest> requests) {
        return requests.stream().map(RecallRequest::priority).min(Comparator.naturalOrder()).orElseThrow();
    }

    static Instant oldestOfBest(List<RecallRequest> requests) {
        RecallPriority best = best(requests);
        return requests.stream().filter(r -> r.priority() == best).map(RecallRequest::arrived)
                .min(Comparator.naturalOrder()).orElseThrow();
    }
}

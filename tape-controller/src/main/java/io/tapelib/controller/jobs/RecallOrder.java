package io.tapelib.controller.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The order a recall reads its files in, so that the drive streams forward instead of seeking back and forth. */
final class RecallOrder {

    private RecallOrder() {
    }

    /**
     * {@code files} sorted by their first extent's position on tape: partition, then start block (logical block
     * number); a file without extents comes first. A new list; {@code files} is left as it is.
     */
    static List<RecallItem> alongTape(List<RecallItem> files) {
        List<RecallItem> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(RecallOrder::firstPosition));
        return ordered;
    }

    private static Position firstPosition(RecallItem item) {
        return item.extents().stream().map(e -> new Position(e.partition(), e.startBlock()))
                .min(Comparator.naturalOrder()).orElse(new Position(-1, -1));
    }

    /** A position on tape, ordered as the tape moves: partition, then logical block. */
    private record Position(int partition, long block) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            return partition != other.partition ? Integer.compare(partition, other.partition)
                    : Long.compare(block, other.block);
        }
    }
}

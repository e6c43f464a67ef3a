package io.tapelib.gateway.cache;

import java.util.Map;
import java.util.TreeMap;

/** A set of half-open byte ranges [start, end), merged as they are added. Not thread-safe. */
final class ByteRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    /** True when every byte of [start, end) is present (an empty range always is). */
    boolean contains(long start, long end) {
        if (end <= start) {
            return true;
        }
        Map.Entry<Long, Long> covering = ranges.floorEntry(start);
        return covering != null && covering.getValue() >= end;
    }

    /** The end of the run of present bytes that starts at {@code start}; {@code start} when its byte is missing. */
    long contiguousEnd(long start) {
        Map.Entry<Long, Long> covering = ranges.floorEntry(start);
        return covering != null && covering.getValue() > start ? covering.getValue() : start;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}

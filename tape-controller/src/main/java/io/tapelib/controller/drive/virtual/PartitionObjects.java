package io.tapelib.controller.drive.virtual;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The logical objects of one partition, in memory: for each object up to EOD whether it is a
 * filemark, and the running total of record bytes, so that finding a block, its length, the bytes
 * written before it and the next filemark are all O(1) (or a bit scan) with no directory listing.
 */
final class PartitionObjects {

    /** bytesThrough[i] = bytes of all records among objects 0..i. */
    private long[] bytesThrough = new long[64];
    private final BitSet filemarks = new BitSet();
    private int count;

    /** The object number of EOD: one past the last object. */
    long endOfData() {
        return count;
    }

    /** Record bytes written before object {@code block}. */
    long bytesBefore(long block) {
        return block == 0 ? 0 : bytesThrough[(int) block - 1];
    }

    /** Record bytes of the whole partition up to EOD. */
    long usedBytes() {
        return bytesBefore(count);
    }

    /** Whether object {@code block} (below EOD) is a filemark. */
    boolean isFilemark(long block) {
        return filemarks.get((int) block);
    }

    /** The length in bytes of record {@code block} (0 for a filemark). */
    long length(long block) {
        return bytesBefore(block + 1) - bytesBefore(block);
    }

    /** Appends a record of {@code length} bytes at EOD. */
    void appendRecord(long length) {
        append(length, false);
    }

    /** Appends a filemark at EOD. */
    void appendFilemark() {
        append(0, true);
    }

    /** Forgets every object from {@code block} on: EOD moves to {@code block}. */
    void truncate(long block) {
        if (block < count) {
            filemarks.clear((int) block, count);
            count = (int) block;
        }
    }

    /** The first filemark at or after {@code from} and before EOD, or -1. */
    long nextFilemark(long from) {
        int next = filemarks.nextSetBit((int) from);
        return next < 0 || next >= count ? -1 : next;
    }

    /** The last filemark strictly before {@code before}, or -1. */
    long previousFilemark(long before) {
        return before <= 0 ? -1 : filemarks.previousSetBit((int) Math.min(before, count) - 1);
    }

    private void append(long length, boolean filemark) {
        if (count == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("partition holds the most objects this model supports");
        }
        if (count == bytesThrough.length) {
            bytesThrough = Arrays.copyOf(bytesThrough, bytesThrough.length * 2);
        }
        bytesThrough[count] = bytesBefore(count) + length;
        filemarks.set(count, filemark);
        count++;
    }
}

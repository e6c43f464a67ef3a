package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.ExtentRecord;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The byte ranges of one file that no extent covers: an LTFS file may be sparse, and those bytes read as zeros
 * (LTFS Format Specification 2.4, §7.4). The zeros are written as the recall stream passes each gap, not all
 * before it starts: a file larger than the cache streams through a window that slides with the reader, so a gap
 * beyond the window could not be written yet and would hold the recall back until it timed out.
 * Not thread-safe: used by the one thread reading a Recall call.
 */
final class SparseGaps {
    /** Zeros written per call into the cache, bytes. */
    private static final int ZERO_CHUNK = 1024 * 1024;

    private final long inode;
    // [start, end) byte ranges of the file, ascending, none empty
    private final Deque<long[]> gaps = new ArrayDeque<>();

    /**
     * @param inode   the file
     * @param length  the file's length, bytes
     * @param extents the file's extents on the tape recalled from, in any order
     */
    SparseGaps(long inode, long length, List<ExtentRecord> extents) {
        this.inode = inode;
        long covered = 0;
        for (ExtentRecord extent : extents.stream().sorted(Comparator.comparingLong(ExtentRecord::fileOffset)).toList()) {
            add(covered, Math.min(extent.fileOffset(), length));
            covered = Math.max(covered, extent.fileOffset() + extent.byteCount());
        }
        add(covered, length);
    }

    private void add(long start, long end) {
        if (start < end) {
            gaps.addLast(new long[] {start, end});
        }
    }

    /**
     * Writes the zeros of every gap that starts before {@code offset}: the stream has reached it.
     *
     * @param offset the file offset of the bytes about to be stored, bytes
     * @throws RuntimeException what {@link RecallTarget#write} throws
     */
    void fillBefore(RecallTarget target, long offset) {
        while (!gaps.isEmpty() && gaps.peekFirst()[0] < offset) {
            long[] gap = gaps.pollFirst();
            zeros(target, gap[0], gap[1]);
        }
    }

    /** Writes the zeros of the gaps left: the file's last bytes arrived. */
    void fillRest(RecallTarget target) {
        fillBefore(target, Long.MAX_VALUE);
    }

    private void zeros(RecallTarget target, long from, long to) {
        for (long offset = from; offset < to; offset += ZERO_CHUNK) {
            target.write(inode, offset, ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, to - offset)));
        }
    }
}

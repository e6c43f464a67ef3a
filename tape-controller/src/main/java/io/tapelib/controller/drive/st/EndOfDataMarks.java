package io.tapelib.controller.drive.st;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the adapter knows of where each partition's end of data is. The st driver does not report EOD with the
 * position (READ POSITION has no EOD flag), but a write always leaves the position at EOD (SSC-4: a write discards
 * what follows), and reaching blank tape tells where it is. Forgotten when the cartridge changes.
 */
final class EndOfDataMarks {

    private final Map<Integer, Long> endOfData = new HashMap<>();
    private boolean positionedAtEndOfData;

    /**
     * A write, a filemark or a space to EOD left the position at the end of data of the current partition; its
     * block number is read back before the next move.
     */
    void positionIsEndOfData() {
        positionedAtEndOfData = true;
    }

    /** The position moved away, or to a place not known to be EOD. */
    void moved() {
        positionedAtEndOfData = false;
    }

    /** Whether the current position is known to be EOD (a write or space to EOD put it there). */
    boolean positionedAtEndOfData() {
        return positionedAtEndOfData;
    }

    /** The current position, block {@code block} of {@code partition}, is EOD. */
    void endOfDataAt(int partition, long block) {
        endOfData.put(partition, block);
        positionedAtEndOfData = true;
    }

    /** Records where a partition's EOD is, without saying the position is there. */
    void record(int partition, long block) {
        endOfData.put(partition, block);
    }

    OptionalLong endOfData(int partition) {
        Long block = endOfData.get(partition);
        return block == null ? OptionalLong.empty() : OptionalLong.of(block);
    }

    /** The cartridge changed or was formatted. */
    void clear() {
        endOfData.clear();
        positionedAtEndOfData = false;
    }
}

package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.util.Iterator;
import java.util.Optional;

/**
 * Index constructs on tape: filemark, index (one or more logical blocks), filemark (LTFS Format Specification 2.4,
 * sections 5.2.3 and 9.1). Finds the last index of a partition the way the reference implementation does on mount
 * ({@code ltfs_seek_index}): from EOD, back over the last filemark, then over the filemark that precedes the index,
 * forward over it, and read; when the record there is not an index (file data written after the last index), step
 * back one index construct and try again, down to the label construct.
 */
final class IndexConstruct {

    private IndexConstruct() {
    }

    /**
     * Where the last index of a partition lies.
     *
     * @param eodBlock the partition's EOD, in logical objects
     * @param index    the last index's first block, empty when the partition holds none
     */
    record Found(long eodBlock, Optional<IndexLocation> index) {
    }

    static Found findLast(TapeDrive drive, int partition, int blockSize) {
        drive.locate(partition, 0);
        drive.spaceToEndOfData();
        long eod = drive.position().block();
        if (eod <= LabelConstruct.LAST_FILEMARK + 1) {
            return new Found(eod, Optional.empty());
        }
        drive.spaceFilemarks(-1);
        long position = drive.position().block();
        if (position == LabelConstruct.LAST_FILEMARK) {
            return new Found(eod, Optional.empty());
        }
        if (position == eod - 1) {
            drive.spaceFilemarks(-1);
        }
        while (drive.position().block() != LabelConstruct.LAST_FILEMARK) {
            drive.spaceFilemarks(1);
            long start = drive.position().block();
            RecordInputStream record = new RecordInputStream(drive, blockSize);
            if (record.hasRecord() && record.peekText(4096).contains("<ltfsindex")) {
                return new Found(eod, Optional.of(new IndexLocation(partition, start)));
            }
            drive.locate(partition, start - 1);
            drive.spaceFilemarks(-1);
        }
        return new Found(eod, Optional.empty());
    }

    /**
     * Parses the index whose first block is at {@code location}.
     *
     * @throws MalformedIndexException naming the volume, partition and block
     */
    static IndexHeader read(TapeDrive drive, IndexLocation location, int blockSize, String volume,
                            IndexVisitor visitor) {
        drive.locate(location.partition(), location.startBlock());
        String source = volume + " partition " + IndexLocation.partitionId(location.partition())
                + " block " + location.startBlock();
        IndexHeader header = IndexXmlReader.read(new RecordInputStream(drive, blockSize), source, visitor);
        if (!header.location().equals(location)) {
            throw new MalformedIndexException(source, "index says it lies at " + header.location());
        }
        return header;
    }

    /**
     * Writes an index construct with its first filemark at {@code filemarkBlock}, discarding what followed.
     *
     * @return the block after the construct's final filemark (the partition's new EOD)
     */
    static long write(TapeDrive drive, int partition, long filemarkBlock, int blockSize, IndexHeader header,
                      IndexEntry root, Iterator<IndexEntry> entries) {
        drive.locate(partition, filemarkBlock);
        drive.writeFilemarks(1);
        RecordOutputStream out = new RecordOutputStream(drive, blockSize);
        IndexXmlWriter.write(out, header, root, entries);
        out.close();
        drive.writeFilemarks(1);
        return drive.position().block();
    }
}

package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Index constructs on tape: filemark, index (one or more logical blocks), filemark (LTFS Format Specification 2.4,
 * sections 5.2.3 and 9.1). {@link #newestFirst} finds a partition's index constructs the way the reference
 * implementation does on mount ({@code ltfs_seek_index}): from EOD back over filemarks, reading the record that
 * follows each filemark; a record that is not an index (file data written after an index) is passed over, and so is a
 * construct whose index a caller finds damaged, down to the label construct.
 */
final class IndexConstruct {

    private IndexConstruct() {
    }

    /**
     * An index construct, or what is left of one.
     *
     * @param location where the index's first block lies
     * @param endBlock the block after the construct's closing filemark; empty when no filemark follows the index
     *                 before EOD (a construct cut short)
     */
    record Candidate(IndexLocation location, OptionalLong endBlock) {
    }

    /**
     * The index constructs of a partition, newest (nearest to EOD) first; reads only as far back as the caller asks.
     * Positions the drive as it goes.
     */
    static Scan newestFirst(TapeDrive drive, int partition, int blockSize) {
        drive.locate(partition, 0);
        drive.spaceToEndOfData();
        return new Scan(drive, partition, blockSize, drive.position().block());
    }

    /** Walks back from EOD over the filemarks of a partition; see {@link #newestFirst}. */
    static final class Scan implements Iterator<Candidate> {
        private final TapeDrive drive;
        private final int partition;
        private final int blockSize;
        private final long eod;
        /** The filemark found last (the nearest after the next one to look at); EOD before the first. */
        private long cursor;
        private Candidate next;

        private Scan(TapeDrive drive, int partition, int blockSize, long eod) {
            this.drive = drive;
            this.partition = partition;
            this.blockSize = blockSize;
            this.eod = eod;
            this.cursor = eod;
        }

        /** The partition's EOD, in logical objects. */
        long eodBlock() {
            return eod;
        }

        @Override
        public boolean hasNext() {
            while (next == null && cursor > LabelConstruct.LAST_FILEMARK + 1) {
                drive.locate(partition, cursor);
                drive.spaceFilemarks(-1);
                long filemark = drive.position().block();
                if (filemark <= LabelConstruct.LAST_FILEMARK) {
                    cursor = LabelConstruct.LAST_FILEMARK;
                    break;
                }
                long end = cursor == eod ? -1 : cursor + 1;
                cursor = filemark;
                long start = filemark + 1;
                if (start >= eod || start == end - 1) {
                    continue;
                }
                drive.locate(partition, start);
                RecordInputStream record = new RecordInputStream(drive, blockSize);
                if (record.hasRecord() && record.peekText(4096).contains("<ltfsindex")) {
                    next = new Candidate(new IndexLocation(partition, start),
                            end < 0 ? OptionalLong.empty() : OptionalLong.of(end));
                }
            }
            return next != null;
        }

        @Override
        public Candidate next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no index construct before " + IndexLocation.partitionId(partition)
                        + ":" + cursor);
            }
            Candidate found = next;
            next = null;
            return found;
        }
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

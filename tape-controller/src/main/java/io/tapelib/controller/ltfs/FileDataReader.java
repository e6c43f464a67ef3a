package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.drive.TapeDrive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads a file's bytes back from its extents, zero-filling sparse gaps; behind {@link LtfsVolume#readFile}. */
final class FileDataReader {
    private final TapeDrive drive;
    private final String volumeTag;
    private final int blockSize;

    /** @param blockSize logical block size of the volume, bytes */
    FileDataReader(TapeDrive drive, String volumeTag, int blockSize) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.blockSize = blockSize;
    }

    /**
     * Hands a file's bytes from {@code from} to the file's length to {@code sink} in file-offset order: the extents'
     * bytes, and zeros for the gaps between extents and after the last one up to the length (a sparse file, LTFS
     * Format Specification 2.4, section 6.1). Zeros come in pieces of at most one block. An extent that ends before
     * {@code from} is not read; the one {@code from} falls in is entered at the logical block that holds it.
     *
     * @param from bytes into the file, 0 for the whole file
     * @throws IllegalArgumentException {@code from} is outside [0, the file's length]
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    void read(IndexEntry file, long from, FileDataSink sink) {
        if (from < 0 || from > file.length()) {
            throw new IllegalArgumentException("'" + file.path() + "': offset " + from + " is outside its "
                    + file.length() + " bytes");
        }
        byte[] block = new byte[blockSize];
        List<Extent> extents = new ArrayList<>(file.extents());
        extents.sort(Comparator.comparingLong(Extent::fileOffset));
        long delivered = from;
        for (Extent extent : extents) {
            if (extent.fileOffset() + extent.byteCount() <= from) {
                continue;
            }
            Extent rest = extent.fileOffset() < from ? from(extent, from) : extent;
            if (rest.fileOffset() > delivered) {
                deliverZeros(sink, delivered, rest.fileOffset(), block.length);
                delivered = rest.fileOffset();
            }
            delivered = Math.max(delivered, readExtent(file, rest, block, sink));
        }
        if (file.length() > delivered) {
            deliverZeros(sink, delivered, file.length(), block.length);
        }
    }

    /** The part of {@code extent} from file offset {@code offset} on, which lies inside it. */
    private Extent from(Extent extent, long offset) {
        long skipped = offset - extent.fileOffset();
        long intoFirstBlock = extent.byteOffset() + skipped;
        return new Extent(extent.partition(), extent.startBlock() + intoFirstBlock / blockSize,
                intoFirstBlock % blockSize, extent.byteCount() - skipped, offset);
    }

    /** Delivers one extent's bytes; returns the file offset after its last byte. */
    private long readExtent(IndexEntry file, Extent extent, byte[] block, FileDataSink sink) {
        drive.locate(extent.partition(), extent.startBlock());
        long skip = extent.byteOffset();
        long remaining = extent.byteCount();
        long fileOffset = extent.fileOffset();
        while (remaining > 0) {
            int length;
            try {
                length = drive.readBlock(block);
            } catch (EndOfDataException e) {
                length = 0;
            }
            if (length == 0) {
                throw new LtfsException(volumeTag + ": extent of '" + file.path() + "' at "
                        + IndexLocation.partitionId(extent.partition()) + ":" + extent.startBlock()
                        + " ends at a filemark or EOD with " + remaining + " bytes missing");
            }
            if (skip >= length) {
                skip -= length;
                continue;
            }
            int from = (int) skip;
            int take = (int) Math.min(length - from, remaining);
            sink.accept(fileOffset, block, from, take);
            skip = 0;
            remaining -= take;
            fileOffset += take;
        }
        return fileOffset;
    }

    private static void deliverZeros(FileDataSink sink, long from, long to, int pieceBytes) {
        byte[] zeros = new byte[(int) Math.min(pieceBytes, to - from)];
        for (long offset = from; offset < to; ) {
            int piece = (int) Math.min(zeros.length, to - offset);
            sink.accept(offset, zeros, 0, piece);
            offset += piece;
        }
    }
}

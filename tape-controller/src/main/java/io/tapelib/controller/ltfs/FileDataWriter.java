package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Writes one file's data as an extent at EOD of the data partition, computing its SHA-256, and stops taking files
 * once the drive reports early warning (SSC-4 4.2.3); behind {@link LtfsVolume#writeFile}.
 */
final class FileDataWriter {
    /** The facade's category: operators filter the volume's log lines by it. */
    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private final TapeDrive drive;
    private final String volumeTag;
    private final int blockSize;
    private final LongSupplier indexReserveBytes;
    /** The drive's hashing thread: the SHA-256 of a block is computed while the drive writes it. */
    private final BlockHasher hasher;
    /** The drive reported early warning: the volume takes no more files, only its final index. */
    private boolean pastEarlyWarning;

    /**
     * What one file's data became on tape.
     *
     * @param extents   one extent on the data partition, none for an empty file
     * @param sha256Hex SHA-256 of the bytes written, lower-case hex
     * @param dataEod   EOD of the data partition after the data, in logical objects
     */
    record Appended(List<Extent> extents, String sha256Hex, long dataEod) {
    }

    /**
     * @param blockSize         logical block size of the volume, bytes
     * @param indexReserveBytes the bytes to keep for the final index at the moment of asking
     * @param hasher            the drive's hashing thread; not closed here
     */
    FileDataWriter(TapeDrive drive, String volumeTag, int blockSize, LongSupplier indexReserveBytes,
                   BlockHasher hasher) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.blockSize = blockSize;
        this.indexReserveBytes = indexReserveBytes;
        this.hasher = hasher;
    }

    /** True once a write on the data partition reported early warning. */
    boolean pastEarlyWarning() {
        return pastEarlyWarning;
    }

    /**
     * Appends {@code length} bytes of {@code data} at {@code dataEod} of the data partition, starting a new logical
     * block, in blocks of the volume's block size. On failure nothing points past {@code dataEod}: the next write (a
     * file or the index) goes there and discards the partial data, which no index names.
     *
     * @param length the file's length in bytes, at least 0
     * @throws LtfsException        the data ends before {@code length} bytes
     * @throws EndOfMediumException from the drive, or at early warning when the rest of the file and the final index
     *                              would not fit before the end of the partition
     */
    Appended append(String path, InputStream data, long length, long dataEod) {
        HashedBlocks blocks = hasher.start(blockSize, length);
        if (length <= 0) {
            return new Appended(List.of(), HexFormat.of().formatHex(blocks.digest()), dataEod);
        }
        positionAt(dataEod);
        byte[] sha256 = copyToTape(path, data, length, blocks);
        List<Extent> extents = List.of(new Extent(LtfsVolume.DATA_PARTITION, dataEod, 0, length, 0));
        return new Appended(extents, HexFormat.of().formatHex(sha256), drive.position().block());
    }

    private void positionAt(long dataEod) {
        TapePosition position = drive.position();
        if (position.partition() != LtfsVolume.DATA_PARTITION || position.block() != dataEod) {
            drive.locate(LtfsVolume.DATA_PARTITION, dataEod);
        }
    }

    /**
     * Fills a block from the stream, queues its hash and writes it, block after block: the hashing thread hashes the
     * block while the drive writes it and this thread fills the next buffer ({@link HashedBlocks}).
     *
     * @return the SHA-256 of the file's bytes
     */
    private byte[] copyToTape(String path, InputStream data, long length, HashedBlocks blocks) {
        long written = 0;
        boolean complete = false;
        try {
            while (written < length) {
                byte[] block = blocks.next();
                int want = (int) Math.min(block.length, length - written);
                int filled = 0;
                while (filled < want) {
                    int n = data.read(block, filled, want - filled);
                    if (n < 0) {
                        throw new LtfsException(volumeTag + ": data for '" + path + "' ended after "
                                + (written + filled) + " of " + length + " bytes; the file was not recorded");
                    }
                    filled += n;
                }
                // queued before the write, so that the hash runs while the drive writes the block
                blocks.hash(block, filled);
                boolean earlyWarning = drive.writeBlock(block, 0, filled);
                written += filled;
                if (earlyWarning) {
                    pastEarlyWarning(path, length - written);
                }
            }
            byte[] sha256 = blocks.digest();
            complete = true;
            return sha256;
        } catch (IOException e) {
            throw new UncheckedIOException("reading data for '" + path + "' after " + written + " bytes", e);
        } finally {
            if (!complete) {
                // the failure propagates only once no hash of this file is queued or running
                blocks.abandon();
            }
        }
    }

    /**
     * Early warning while writing a file: the volume takes no more files; this one is finished only when its rest and
     * the final index fit in what early warning leaves (the drive's early-warning distance), else it is abandoned so
     * that the index still fits.
     */
    private void pastEarlyWarning(String path, long rest) {
        if (!pastEarlyWarning) {
            LOG.infof("%s: early warning on the data partition while writing '%s'; the volume takes no more files",
                    volumeTag, path);
        }
        pastEarlyWarning = true;
        long left = drive.capacity(LtfsVolume.DATA_PARTITION).earlyWarningBytes();
        if (rest + indexReserveBytes.getAsLong() > left) {
            throw new EndOfMediumException(drive.name(), volumeTag + ": early warning with " + rest + " bytes of '"
                    + path + "' still to write; the file is not recorded so that the final index fits in the "
                    + left + " bytes early warning leaves");
        }
    }
}

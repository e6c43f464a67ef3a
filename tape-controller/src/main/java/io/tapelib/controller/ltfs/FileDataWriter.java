package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
     */
    FileDataWriter(TapeDrive drive, String volumeTag, int blockSize, LongSupplier indexReserveBytes) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.blockSize = blockSize;
        this.indexReserveBytes = indexReserveBytes;
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
        MessageDigest sha256 = sha256();
        List<Extent> extents = List.of();
        long eod = dataEod;
        if (length > 0) {
            positionAt(dataEod);
            copyToTape(path, data, length, sha256);
            eod = drive.position().block();
            extents = List.of(new Extent(LtfsVolume.DATA_PARTITION, dataEod, 0, length, 0));
        }
        return new Appended(extents, HexFormat.of().formatHex(sha256.digest()), eod);
    }

    private void positionAt(long dataEod) {
        TapePosition position = drive.position();
        if (position.partition() != LtfsVolume.DATA_PARTITION || position.block() != dataEod) {
            drive.locate(LtfsVolume.DATA_PARTITION, dataEod);
        }
    }

    private void copyToTape(String path, InputStream data, long length, MessageDigest sha256) {
        byte[] block = new byte[blockSize];
        long written = 0;
        try {
            while (written < length) {
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
                sha256.update(block, 0, filled);
                boolean earlyWarning = drive.writeBlock(block, 0, filled);
                written += filled;
                if (earlyWarning) {
                    pastEarlyWarning(path, length - written);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading data for '" + path + "' after " + written + " bytes", e);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}

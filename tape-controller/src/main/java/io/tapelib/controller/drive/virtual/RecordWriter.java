package io.tapelib.controller.drive.virtual;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the file of one record of the cartridge's directory. The record's whole filesystem blocks go with O_DIRECT
 * from an aligned direct buffer the writer keeps, its tail (the last, partial filesystem block) through the page
 * cache. A buffered write copies every byte into the page cache and the kernel's writeback copies nothing less:
 * profiled during a migration at time scale 0 (issue 12), that copy was a third of the controller's CPU time.
 * Durability is what it was: O_DIRECT promises neither the device's cache nor the file's size and block map, so the
 * records still reach stable storage only at the next synchronous filemark ({@link RecordSync}). Where the
 * filesystem refuses O_DIRECT (tmpfs: EINVAL), every record is written through the page cache.
 *
 * <p>Used by one drive's thread at a time (the drive's operations are serialized).
 */
final class RecordWriter {
    /** Bytes copied into the direct buffer and written per O_DIRECT write. */
    static final int PIECE_BYTES = 1 << 20;

    private ByteBuffer aligned;
    private int alignment;
    private boolean directRefused;

    /**
     * Writes {@code length} bytes of {@code data} from {@code offset} as the whole content of {@code record}, created
     * or truncated.
     *
     * @throws IOException the file cannot be created or written
     */
    void write(Path record, byte[] data, int offset, int length) throws IOException {
        int body = directRefused ? 0 : alignedPart(record, length);
        if (body > 0) {
            try (FileChannel channel = openDirect(record)) {
                if (channel != null) {
                    writeDirect(channel, data, offset, body);
                } else {
                    body = 0;
                }
            }
        }
        if (body < length) {
            writeBuffered(record, data, offset + body, length - body, body);
        }
    }

    /** Writes at {@code position} of {@code record} through the page cache; from 0 the file is created or truncated. */
    private static void writeBuffered(Path record, byte[] data, int offset, int length, long position)
            throws IOException {
        try (FileChannel channel = position == 0
                ? FileChannel.open(record, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(record, StandardOpenOption.WRITE)) {
            ByteBuffer source = ByteBuffer.wrap(data, offset, length);
            while (source.hasRemaining()) {
                position += channel.write(source, position);
            }
        }
    }

    /** The bytes of whole filesystem blocks at the start of a record of {@code length} bytes. */
    private int alignedPart(Path record, int length) throws IOException {
        if (alignment == 0) {
            long blockSize = Files.getFileStore(record.getParent()).getBlockSize();
            if (blockSize <= 0 || blockSize > PIECE_BYTES || PIECE_BYTES % blockSize != 0) {
                directRefused = true;
                return 0;
            }
            alignment = (int) blockSize;
        }
        return length - length % alignment;
    }

    /** The record opened with O_DIRECT, created or truncated; null (and never again) when the filesystem refuses. */
    private FileChannel openDirect(Path record) throws IOException {
        try {
            return FileChannel.open(record, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException refused) {
            directRefused = true;
            return null;
        } catch (FileSystemException e) {
            if (!"Invalid argument".equals(e.getReason())) {
                throw e;
            }
            directRefused = true;   // EINVAL: this filesystem has no O_DIRECT
            return null;
        }
    }

    private void writeDirect(FileChannel channel, byte[] data, int offset, int body) throws IOException {
        if (aligned == null) {
            aligned = ByteBuffer.allocateDirect(PIECE_BYTES + alignment).alignedSlice(alignment);
        }
        long position = 0;
        for (int done = 0; done < body; ) {
            int piece = Math.min(PIECE_BYTES, body - done);
            aligned.clear();
            aligned.put(data, offset + done, piece).flip();
            while (aligned.hasRemaining()) {
                position += channel.write(aligned, position);
            }
            done += piece;
        }
    }
}

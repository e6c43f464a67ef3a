package io.tapelib.controller.drive.virtual;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the file of one record of the cartridge's directory. A record's whole filesystem blocks move with
 * O_DIRECT through an aligned direct buffer this object keeps, its tail (the last, partial filesystem block) through
 * the page cache. Why: every page the page cache takes for a new record, written or read, cost this project's VM about
 * 2 CPU seconds per GiB written and 1.3 per GiB read (dd, 512 KiB blocks; against 0.15 and 0.05 with O_DIRECT); in a
 * migration at time scale 0 it was a third of the controller's CPU time (issue 12). Tape data is read back once per
 * recall, so the page cache keeps nothing worth having.
 *
 * <p>Durability is what it was: O_DIRECT promises neither the device's cache nor the file's size and block map, so
 * the records still reach stable storage only at the next synchronous filemark ({@link RecordSync}). Where the
 * filesystem refuses O_DIRECT (EINVAL), every record goes through the page cache. Used by one drive's thread at a
 * time (the drive's operations are serialized).
 */
final class RecordFiles {
    /** Bytes moved per O_DIRECT read or write: the direct buffer's size. */
    static final int PIECE_BYTES = 1 << 20;

    private ByteBuffer aligned;
    // volatile: the drive's write-behind thread writes records too ({@link RecordWriteBehind}), one at a time
    private volatile int alignment;
    private volatile boolean directRefused;

    RecordFiles() {
        this(true);
    }

    /** @param direct false: never O_DIRECT, as on a filesystem that refuses it */
    RecordFiles(boolean direct) {
        this.directRefused = !direct;
    }

    /**
     * Writes {@code length} bytes of {@code data} from {@code offset} as the whole content of {@code record}, created
     * or truncated.
     *
     * @throws IOException the file cannot be created or written
     */
    void write(Path record, byte[] data, int offset, int length) throws IOException {
        int body = directRefused ? 0 : alignedPart(record, length);
        if (body > 0) {
            try (FileChannel channel = openDirect(record, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (channel != null) {
                    writeDirect(channel, data, offset, body);
                } else {
                    body = 0;
                }
            }
        }
        if (body < length) {
            writeBuffered(record, ByteBuffer.wrap(data, offset + body, length - body), body);
        }
    }

    /**
     * Writes the bytes of {@code source} from its position to its limit as the whole content of {@code record},
     * created or truncated; {@code source} is a direct buffer from {@link #newBuffer} (its whole filesystem blocks
     * move with O_DIRECT straight from it, without the copy into this object's buffer). Uses no state of this object
     * but the alignment, so it may run on another thread than the other methods, one call at a time.
     *
     * @throws IOException the file cannot be created or written
     * @throws IllegalArgumentException {@code source} holds more than {@link #PIECE_BYTES}
     */
    void write(Path record, ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (length > PIECE_BYTES) {
            throw new IllegalArgumentException("a record of " + length + " bytes is over " + PIECE_BYTES);
        }
        int body = directRefused ? 0 : alignedPart(record, length);
        if (body > 0) {
            try (FileChannel channel = openDirect(record, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (channel != null) {
                    writeFully(channel, source.slice(source.position(), body), 0);
                } else {
                    body = 0;
                }
            }
        }
        if (body < length) {
            writeBuffered(record, source.slice(source.position() + body, length - body), body);
        }
    }

    /**
     * A direct buffer of {@link #PIECE_BYTES} for {@link #write(Path, ByteBuffer)} of records in {@code record}'s
     * directory, aligned for O_DIRECT there.
     *
     * @throws IOException the directory's filesystem cannot be asked its block size
     */
    ByteBuffer newBuffer(Path record) throws IOException {
        if (!directRefused) {
            alignedPart(record, 0);   // learns the alignment, or that this filesystem refuses O_DIRECT
        }
        int align = directRefused ? 1 : alignment;
        return ByteBuffer.allocateDirect(PIECE_BYTES + align).alignedSlice(align).limit(PIECE_BYTES);
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        while (source.hasRemaining()) {
            position += channel.write(source, position);
        }
    }

    /**
     * Reads the first {@code length} bytes of {@code record} into the start of {@code buffer}.
     *
     * @return the bytes read: {@code length}, or fewer when the file is shorter
     * @throws IOException the file cannot be opened or read
     */
    int read(Path record, byte[] buffer, int length) throws IOException {
        int body = directRefused ? 0 : alignedPart(record, length);
        int read = 0;
        if (body > 0) {
            try (FileChannel channel = openDirect(record, StandardOpenOption.READ)) {
                if (channel != null) {
                    read = readDirect(channel, buffer, body);
                    if (read < body) {
                        return read;
                    }
                }
            }
        }
        if (read == length) {
            return read;   // no tail: opening the file a second time would cost a lookup and an open per record
        }
        try (FileChannel channel = FileChannel.open(record, StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(buffer, read, length - read);
            while (target.hasRemaining()) {
                int n = channel.read(target, read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        }
        return read;
    }

    /**
     * Reads the first {@code length} bytes of {@code record} into {@code target} from its position 0, a direct buffer
     * from {@link #newBuffer} (its whole filesystem blocks move with O_DIRECT straight into it). Like
     * {@link #write(Path, ByteBuffer)}, may run on another thread than the other methods, one call at a time.
     *
     * @return the bytes read: {@code length}, or fewer when the file is shorter
     * @throws IOException the file cannot be opened or read
     * @throws IllegalArgumentException {@code length} is over {@link #PIECE_BYTES}
     */
    int read(Path record, ByteBuffer target, int length) throws IOException {
        if (length > PIECE_BYTES) {
            throw new IllegalArgumentException("a record of " + length + " bytes is over " + PIECE_BYTES);
        }
        int body = directRefused ? 0 : alignedPart(record, length);
        int read = 0;
        if (body > 0) {
            try (FileChannel channel = openDirect(record, StandardOpenOption.READ)) {
                if (channel != null) {
                    target.clear().limit(body);
                    while (target.hasRemaining()) {
                        int n = channel.read(target, read);
                        // a read shorter than asked ends at the end of the file: the next would start unaligned
                        if (n <= 0 || (read += n) % alignment != 0) {
                            break;
                        }
                    }
                    if (read < body) {
                        return read;
                    }
                }
            }
        }
        if (read == length) {
            return read;
        }
        try (FileChannel channel = FileChannel.open(record, StandardOpenOption.READ)) {
            return read + readFully(channel, target.clear().position(read).limit(length), read);
        }
    }

    /** Reads until {@code target} is full or the file ends: the bytes read. */
    private static int readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        int total = 0;
        while (target.hasRemaining()) {
            int n = channel.read(target, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
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

    /** The record opened with O_DIRECT; null (and never O_DIRECT again) when the filesystem refuses it. */
    private FileChannel openDirect(Path record, OpenOption... options) throws IOException {
        OpenOption[] direct = java.util.Arrays.copyOf(options, options.length + 1);
        direct[options.length] = ExtendedOpenOption.DIRECT;
        try {
            return FileChannel.open(record, direct);
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

    private ByteBuffer aligned() {
        if (aligned == null) {
            aligned = ByteBuffer.allocateDirect(PIECE_BYTES + alignment).alignedSlice(alignment);
        }
        return aligned;
    }

    private void writeDirect(FileChannel channel, byte[] data, int offset, int body) throws IOException {
        ByteBuffer piece = aligned();
        long position = 0;
        for (int done = 0; done < body; ) {
            int length = Math.min(PIECE_BYTES, body - done);
            piece.clear();
            piece.put(data, offset + done, length).flip();
            while (piece.hasRemaining()) {
                position += channel.write(piece, position);
            }
            done += length;
        }
    }

    /** Reads up to {@code body} bytes (a multiple of the alignment); fewer when the file ends first. */
    private int readDirect(FileChannel channel, byte[] buffer, int body) throws IOException {
        ByteBuffer piece = aligned();
        int done = 0;
        while (done < body) {
            piece.clear().limit(Math.min(PIECE_BYTES, body - done));
            // a read shorter than asked ends at the end of the file: the next would start unaligned
            int n = channel.read(piece, done);
            if (n <= 0) {
                break;
            }
            piece.flip().get(buffer, done, n);
            done += n;
            if (n % alignment != 0) {
                break;
            }
        }
        return done;
    }

    /** Writes at {@code position} of {@code record} through the page cache; from 0 the file is created or truncated. */
    private static void writeBuffered(Path record, ByteBuffer source, long position) throws IOException {
        try (FileChannel channel = position == 0
                ? FileChannel.open(record, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(record, StandardOpenOption.WRITE)) {
            writeFully(channel, source, position);
        }
    }
}

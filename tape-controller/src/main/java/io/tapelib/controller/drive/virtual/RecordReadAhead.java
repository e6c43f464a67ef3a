package io.tapelib.controller.drive.virtual;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The drive's read-ahead: once the host reads records one after the other, the next {@value #DEPTH} records of the
 * partition are read from the cartridge's directory on a thread of this drive's own while the host takes the one it
 * asked for, as an LTO drive streams ahead into its buffer. Why: at time scale 0 the drive's thread spent about 54% of
 * a recall waiting for each record's O_DIRECT read from the disk (issue 12, wall-clock profile).
 *
 * <p>What is read ahead is what the directory held then: every command that changes the directory first
 * {@link #forget}s it. A record read ahead whose read failed is read again when asked for, so its error is the
 * drive's usual one. Reading starts only at the second record read in a row, so the records after a file read alone
 * (a locate, one record, a locate elsewhere) are not read for nothing.
 *
 * <p>Not thread-safe: the drive's thread calls it, one command at a time.
 */
final class RecordReadAhead {
    /** Records read ahead at most: {@value} buffers of {@link RecordFiles#PIECE_BYTES}. */
    static final int DEPTH = 4;

    /** A record being read, or read, ahead. */
    private record Ahead(int partition, long block, int length, ByteBuffer buffer, Future<Integer> read) {
    }

    /** The records to read: where each is and how long it is, bytes (0: no record there, a filemark or EOD). */
    interface Records {
        Path path(int partition, long block);

        int length(int partition, long block);
    }

    private final String driveName;
    private final RecordFiles files;
    private final ThreadPoolExecutor thread;
    private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    /** The last record read, for a read in a row: partition and block; -1 after a {@link #forget}. */
    private int lastPartition = -1;
    private long lastBlock = -1;

    /**
     * @param driveName the drive's name, for its thread and messages
     * @param files     the drive's record files (this uses their {@link RecordFiles#read(Path, ByteBuffer, int)})
     */
    RecordReadAhead(String driveName, RecordFiles files) {
        this.driveName = driveName;
        this.files = files;
        this.thread = RecordWriteBehind.idleEndingThread("tape-read-ahead-" + driveName);
    }

    /**
     * Reads record {@code block} of {@code partition} ({@code length} bytes) into the start of {@code buffer}: from
     * what was read ahead when it holds the record, else from its file; then reads ahead the records after it when
     * this read came right after the one before.
     *
     * @return the bytes read: {@code length}, or fewer when the file is shorter
     * @throws IOException the record's file cannot be read
     */
    int read(Records records, int partition, long block, byte[] buffer, int length) throws IOException {
        int read = takeAhead(partition, block, buffer, length);
        if (read < 0) {
            dropAhead();
            read = files.read(records.path(partition, block), buffer, length);
        }
        boolean inARow = partition == lastPartition && block == lastBlock + 1;
        lastPartition = partition;
        lastBlock = block;
        if (inARow) {
            readAhead(records, partition, block + 1);
        }
        return read;
    }

    /**
     * Drops what was read ahead, waiting for reads still running (at most {@value #DEPTH} records, together at most
     * {@link RecordWriteBehind#DEADLINE}): the directory may change after this.
     */
    void forget() {
        dropAhead();
        lastPartition = -1;
        lastBlock = -1;
    }

    /** The records read ahead now, read or being read. */
    int held() {
        return ahead.size();
    }

    private void dropAhead() {
        long deadline = System.nanoTime() + RecordWriteBehind.DEADLINE.toNanos();
        while (!ahead.isEmpty()) {
            Ahead dropped = ahead.poll();
            try {
                dropped.read().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // a failed read is read again when asked for; a hung one keeps its buffer, never used again
            }
            if (dropped.read().isDone()) {
                free.add(dropped.buffer());
            }
        }
    }

    /** The record from the read-ahead, copied into {@code buffer}: its bytes read, or -1 when it is not there whole. */
    private int takeAhead(int partition, long block, byte[] buffer, int length) throws IOException {
        Ahead first = ahead.peek();
        if (first == null || first.partition() != partition || first.block() != block || first.length() != length) {
            return -1;
        }
        ahead.poll();
        try {
            int read = first.read().get(RecordWriteBehind.DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            first.buffer().get(0, buffer, 0, read);
            return read < length ? -1 : read;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(driveName + ": interrupted while reading ahead");
        } catch (ExecutionException | TimeoutException e) {
            return -1;   // read it again, for the drive's usual error
        } finally {
            free.add(first.buffer());
        }
    }

    /** Queues reads of the records from {@code from} on, up to {@value #DEPTH} held, up to the first non-record. */
    private void readAhead(Records records, int partition, long from) throws IOException {
        long next = ahead.isEmpty() ? from : ahead.peekLast().block() + 1;
        while (ahead.size() < DEPTH) {
            int length = records.length(partition, next);
            if (length <= 0 || length > RecordFiles.PIECE_BYTES) {
                return;
            }
            Path path = records.path(partition, next);
            ByteBuffer buffer = free.isEmpty() ? files.newBuffer(path) : free.poll();
            Future<Integer> read = thread.submit(() -> files.read(path, buffer, length));
            ahead.add(new Ahead(partition, next, length, buffer, read));
            next++;
        }
    }
}

package io.tapelib.controller.drive.virtual;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The drive's data buffer: a record written at the head is copied into one of {@value #DEPTH} buffers and reaches the
 * cartridge's directory on a thread of this drive's own while the drive takes the next record, as an LTO drive in
 * buffered mode acknowledges a WRITE once the record is in its buffer and writes it to tape behind the host (SSC-4:
 * BUFFERED MODE 1h in the mode parameter header). Why: at time scale 0 the drive's thread spent about 60% of a
 * migration waiting for each record's O_DIRECT write to the disk and another 16% creating the record's file (issue 12,
 * wall-clock profile).
 *
 * <p>The records are written in the order given, each with its follow-up step (the EOD file moved past it), on one
 * thread, so the directory is always a prefix of what was written, as {@link ThreadedCartridge} promises a crash. Every
 * other command that reads or changes the directory first {@link #drain}s: a write that failed is reported there, as a
 * drive reports a deferred error, and the records given after it are not written.
 *
 * <p>Not thread-safe: the drive's thread calls it, one command at a time.
 */
final class RecordWriteBehind {
    /** Records held at most, written or being written: {@value} buffers of {@link RecordFiles#PIECE_BYTES}. */
    static final int DEPTH = 4;
    /** How long a record may take to reach the directory before the drive gives up waiting for it. */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    /** A step run on the buffer's thread after a record's file is written. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /**
     * Records given but not written because a write before them (or theirs) failed: the first block of each
     * partition that is not on the cartridge, with the failure as the cause.
     */
    static final class DeferredWriteException extends IOException {
        private final transient Map<Integer, Long> firstUnwritten;

        DeferredWriteException(String message, Throwable cause, Map<Integer, Long> firstUnwritten) {
            super(message, cause);
            this.firstUnwritten = Map.copyOf(firstUnwritten);
        }

        /** Partition → its first block not written. */
        Map<Integer, Long> firstUnwritten() {
            return firstUnwritten;
        }
    }

    /** A record given, in order; {@code written} is set on the buffer's thread before its future completes. */
    private static final class Given {
        final int partition;
        final long block;
        volatile boolean written;
        Future<?> done;

        Given(int partition, long block) {
            this.partition = partition;
            this.block = block;
        }
    }

    private final String driveName;
    private final RecordFiles files;
    private final ThreadPoolExecutor thread;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH);
    private final ArrayDeque<Given> given = new ArrayDeque<>();
    private int buffers;
    /** The first write that failed since the last drain; later records are not written. */
    private volatile Throwable failure;

    /**
     * @param driveName the drive's name, for its thread and messages
     * @param files     the drive's record files (this uses their {@link RecordFiles#write(Path, ByteBuffer)} only)
     */
    RecordWriteBehind(String driveName, RecordFiles files) {
        this.driveName = driveName;
        this.files = files;
        this.thread = idleEndingThread("tape-write-behind-" + driveName);
    }

    /**
     * An executor of one daemon thread that ends after 5 idle seconds: a drive that does not stream holds none, and a
     * library closed without its drives flushed (a test's) leaves none behind.
     */
    static ThreadPoolExecutor idleEndingThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(task, name);
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Whether a record of {@code length} bytes fits a buffer; a longer one is written by the caller, drained first. */
    static boolean fits(int length) {
        return length <= RecordFiles.PIECE_BYTES;
    }

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset} and returns; the copy becomes {@code record}'s
     * content on the buffer's thread, then {@code after} runs there. Waits (at most {@link #DEADLINE}) for a buffer
     * when {@value #DEPTH} records are held.
     *
     * @throws IOException no buffer came free within the deadline, or the wait was interrupted
     * @throws IllegalArgumentException the record does not {@link #fits fit} a buffer
     */
    void write(Path record, int partition, long block, byte[] data, int offset, int length, Step after)
            throws IOException {
        if (!fits(length)) {
            throw new IllegalArgumentException("a record of " + length + " bytes does not fit the drive's buffer");
        }
        ByteBuffer buffer = freeBuffer(record);
        buffer.clear();
        buffer.put(data, offset, length).flip();
        Given entry = new Given(partition, block);
        entry.done = thread.submit(() -> {
            try {
                if (failure == null) {
                    files.write(record, buffer);
                    after.run();
                    entry.written = true;
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            } finally {
                free.add(buffer);
            }
        });
        given.add(entry);
        while (!given.isEmpty() && given.peek().done.isDone() && given.peek().written) {
            given.poll();   // in order: what is left is pending, or failed and kept for the drain to report
        }
    }

    /** Whether a record given since the last {@link #drain} failed: the records given from now on are not written. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Waits until every record given is in the directory (or failed).
     *
     * @throws DeferredWriteException a record failed: it and the records given after it are not in the directory
     * @throws IOException            a record took over {@link #DEADLINE}, or the wait was interrupted
     */
    void drain() throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Given entry : given) {
            await(entry.done, deadline);
        }
        Throwable failed = failure;
        if (failed == null) {
            given.clear();
            return;
        }
        Map<Integer, Long> firstUnwritten = new HashMap<>();
        for (Given entry : given) {
            if (!entry.written) {
                firstUnwritten.merge(entry.partition, entry.block, Math::min);
            }
        }
        given.clear();
        failure = null;
        throw new DeferredWriteException("a buffered record could not be written: " + failed.getMessage(), failed,
                firstUnwritten);
    }

    private ByteBuffer freeBuffer(Path record) throws IOException {
        ByteBuffer buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        if (buffers < DEPTH) {
            buffers++;
            return files.newBuffer(record);
        }
        try {
            buffer = free.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(driveName + ": interrupted while waiting for its buffer");
        }
        if (buffer == null) {
            throw new IOException(driveName + ": no record of its buffer reached the cartridge within " + DEADLINE);
        }
        return buffer;
    }

    private void await(Future<?> done, long deadline) throws IOException {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(driveName + ": interrupted while its buffer was written");
        } catch (TimeoutException e) {
            throw new IOException(driveName + ": its buffered records did not reach the cartridge within " + DEADLINE);
        } catch (ExecutionException e) {
            throw new IOException(driveName + ": writing a buffered record failed: " + e.getCause(), e.getCause());
        }
    }
}

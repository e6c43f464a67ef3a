package io.tapelib.controller.jobs;

import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded hand-off of a copy between two drive threads: the reading drive puts each file's start, its data in
 * chunks of at most {@link RecallSink#MAX_CHUNK_BYTES} and its end; the writing drive takes them as a
 * {@link MigrationSource}. At most {@link #CAPACITY} items wait, so at most that many MiB of a file are in memory. No
 * wait is without end: each waits in slices of {@link #SLICE_MILLIS} and ends, with a {@link CancellationException}
 * naming the reason, when the other side stopped ({@link #abort}), the caller went away or the controller shuts down
 * ({@code active} throws), or the other side made no progress for the stall bound.
 */
final class FileHandOff implements MigrationSource {

    /** Items (file starts, chunks, file ends) waiting at most. */
    static final int CAPACITY = 8;
    /** Longest single wait before the checks are made again, milliseconds. */
    static final long SLICE_MILLIS = 100;

    private static final Object FILE_END = new Object();
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Duration stall;
    private final Runnable active;
    private final BooleanSupplier closing;
    private volatile Throwable stopped;
    private volatile long lastProgress = System.nanoTime();
    private FileData current;

    /**
     * @param stall   longest time one side waits while the other makes no progress
     * @param active  throws {@link CancellationException} when the caller went away
     * @param closing whether the controller is shutting down
     */
    FileHandOff(Duration stall, Runnable active, BooleanSupplier closing) {
        this.stall = stall;
        this.active = active;
        this.closing = closing;
    }

    /** Reading side: the next file starts. */
    void start(ReclaimFile file) {
        put(file);
    }

    /** Reading side: the next piece of the current file's data, in file-offset order (at most 1 MiB; kept). */
    void chunk(byte[] data) {
        put(data);
    }

    /** Reading side: the current file's data is complete. */
    void fileEnd() {
        put(FILE_END);
    }

    /** Reading side: no more files. */
    void end() {
        put(END);
    }

    /** Either side stopped with {@code cause}: the other's next wait ends. The first cause is kept. */
    synchronized void abort(Throwable cause) {
        if (stopped == null) {
            stopped = cause;
        }
    }

    /** Why a side stopped first, if one did. */
    Optional<Throwable> stopped() {
        return Optional.ofNullable(stopped);
    }

    @Override
    public Optional<IncomingFile> nextFile() {
        if (current != null) {
            current.discardRest();
            current = null;
        }
        Object item = take("the next file from the source drive");
        if (item == END) {
            return Optional.empty();
        }
        if (!(item instanceof ReclaimFile file)) {
            throw new IllegalStateException("hand-off out of step: expected a file start, got " + item);
        }
        current = new FileData(file.metadata().path());
        return Optional.of(file.incoming(current));
    }

    private void put(Object item) {
        long started = System.nanoTime();
        try {
            while (!queue.offer(item, SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                check("the target drive to take data", started);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while handing data to the target drive");
        }
        lastProgress = System.nanoTime();
    }

    private Object take(String waitingFor) {
        long started = System.nanoTime();
        try {
            Object item;
            while ((item = queue.poll(SLICE_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                check(waitingFor, started);
            }
            lastProgress = System.nanoTime();
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + waitingFor);
        }
    }

    private void check(String waitingFor, long waitStarted) {
        Throwable cause = stopped;
        if (cause != null) {
            throw new CancellationException("the other drive of the copy stopped (" + cause.getMessage()
                    + ") while this one waited for " + waitingFor);
        }
        active.run();
        if (closing.getAsBoolean()) {
            throw new CancellationException("the controller is shutting down; the copy was cancelled while the drive"
                    + " waited for " + waitingFor);
        }
        long idle = System.nanoTime() - Math.max(lastProgress, waitStarted);
        if (idle > stall.toNanos()) {
            throw new CancellationException("the other drive of the copy made no progress for "
                    + Duration.ofNanos(idle).toSeconds() + " s while this one waited for " + waitingFor);
        }
    }

    /** One file's data as the writer reads it: the chunks up to the file's end. */
    private final class FileData extends InputStream {
        private final String path;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean ended;

        FileData(String path) {
            this.path = path;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            while (position == chunk.length) {
                if (ended) {
                    return -1;
                }
                Object item = take("data of " + path + " from the source drive");
                if (item == FILE_END) {
                    ended = true;
                } else if (item instanceof byte[] data) {
                    chunk = data;
                    position = 0;
                } else {
                    throw new IllegalStateException("hand-off out of step inside " + path + ": got " + item);
                }
            }
            int n = Math.min(count, chunk.length - position);
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** What the writer left of the file (all of a rejected one), read and dropped. */
        void discardRest() {
            byte[] rest = new byte[64 * 1024];
            while (read(rest, 0, rest.length) >= 0) {
                // dropped
            }
        }
    }
}

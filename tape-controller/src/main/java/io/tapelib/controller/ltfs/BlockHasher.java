package io.tapelib.controller.ltfs;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A drive's hashing thread: the SHA-256 of a file's data is updated on it, one block after the other and in order,
 * while the drive's own thread writes the same block to tape and fills the next one from the stream
 * ({@link FileDataWriter}, {@link HashedBlocks}). In series, the drive thread paid for the hash (about 0.37 ms of CPU
 * per 512 KiB block) on top of the copy and the device's write.
 *
 * <p>One per drive, owned by whoever owns the drive's thread (the scheduler's drive context): created with it, passed
 * to the drive's volumes, and {@link #close() closed} once the drive's thread ended; never shared between drives. The
 * thread starts with the first file hashed, so a drive that only reads never has one. Files shorter than
 * {@link #INLINE_BELOW} bytes are hashed on the caller's thread, and {@link #onCallerThread()} hashes every file there
 * (tools and tests that own no drive thread).
 *
 * <p>Errors, all thrown on the writing thread by {@link HashedBlocks}: an {@link IllegalStateException} when the thread
 * is shut down or a block's hash takes longer than {@link #DEADLINE}, a
 * {@link java.util.concurrent.CancellationException} when the writer is interrupted while it waits for a hash (its
 * interrupt flag kept).
 */
public final class BlockHasher implements AutoCloseable {

    /**
     * Longest wait for the hash of one block. Hashing 512 KiB takes well under a millisecond, so a wait this long
     * means the hashing thread is stuck, not slow; the write then fails rather than holding the drive for ever.
     */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /**
     * Files shorter than this (bytes) are hashed on the caller's thread: for them the hand-off (waking the hashing
     * thread, then waiting for it) costs more than the hash it would take off the drive thread.
     */
    static final long INLINE_BELOW = 64 << 10;
    /**
     * Block buffers of a file hashed on the hashing thread: with two the drive thread would wait whenever the hashing
     * thread, which shares the cores with the gRPC transport and the gateway, fell a block behind; a third lets it.
     */
    static final int BUFFERS = 3;
    /**
     * Hashes that may wait for the thread. One writer at a time uses a drive and queues at most {@link #BUFFERS}; more
     * is a bug, refused rather than queued without bound.
     */
    private static final int QUEUE_CAPACITY = 2 * BUFFERS;

    private final String threadName;
    /** Longest wait for one block's hash: {@link #DEADLINE}, shorter in tests. */
    private final Duration deadline;
    /** Null: every file is hashed on the caller's thread. */
    private final ThreadPoolExecutor thread;
    /** Hashes submitted and neither finished nor withdrawn. */
    private final AtomicInteger unfinished = new AtomicInteger();

    /**
     * A hashing thread named {@code threadName} (the drive's, e.g. {@code tape-hash-0}), started at the first file
     * hashed; a daemon, like the drive threads, so that a drive stuck past the shutdown bound does not keep the
     * process alive.
     */
    public BlockHasher(String threadName) {
        this(threadName, DEADLINE);
    }

    /** {@link #BlockHasher(String)} waiting at most {@code deadline} for a block's hash (tests). */
    BlockHasher(String threadName, Duration deadline) {
        this.threadName = threadName;
        this.deadline = deadline;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                task -> {
                    Thread hashing = new Thread(task, threadName);
                    hashing.setDaemon(true);
                    return hashing;
                });
    }

    private BlockHasher() {
        this.threadName = "the caller's thread";
        this.deadline = DEADLINE;
        this.thread = null;
    }

    /** Hashes every file on the caller's thread, in series with its writes: for tools and tests without a drive thread. */
    public static BlockHasher onCallerThread() {
        return new BlockHasher();
    }

    /**
     * The buffers and the digest of one file of {@code length} bytes, written in blocks of {@code blockSize} bytes by
     * the calling thread alone.
     */
    HashedBlocks start(int blockSize, long length) {
        boolean inline = thread == null || length < INLINE_BELOW;
        return new HashedBlocks(this, inline, inline ? 1 : BUFFERS, blockSize);
    }

    /** Name of the thread the hashes run on, for messages. */
    String threadName() {
        return threadName;
    }

    /** Longest wait for one block's hash. */
    Duration deadline() {
        return deadline;
    }

    /** True when no hash is queued or running: what a file's write leaves behind, whether it succeeded or failed. */
    boolean idle() {
        return unfinished.get() == 0;
    }

    /**
     * Takes a hash off the queue if the thread has not started it yet; it then never runs.
     *
     * @return true when it was still queued
     */
    boolean withdraw(FutureTask<?> hash) {
        if (thread != null && thread.remove(hash)) {
            unfinished.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Stops the thread once it is idle, which it is when no write runs on the drive (every file waits for its hashes
     * before its write returns); a file hashed on it afterwards fails with an {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
        }
    }

    /**
     * Queues {@code hash} on the thread.
     *
     * @throws IllegalStateException the thread is shut down, or too many hashes wait
     */
    FutureTask<Void> submit(Runnable hash) {
        // counted down inside the task, so before a waiter sees it done
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                hash.run();
            } finally {
                unfinished.decrementAndGet();
            }
        }, null);
        unfinished.incrementAndGet();
        try {
            thread.execute(task);
            return task;
        } catch (RejectedExecutionException e) {
            unfinished.decrementAndGet();
            throw new IllegalStateException(thread.isShutdown() ? threadName + " is shut down: the drive takes no more"
                    + " writes" : QUEUE_CAPACITY + " block hashes already wait for " + threadName
                    + ": more than one writer uses the drive", e);
        }
    }
}

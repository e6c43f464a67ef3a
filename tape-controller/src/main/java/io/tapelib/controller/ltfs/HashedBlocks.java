package io.tapelib.controller.ltfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One file's data on its way to tape ({@link FileDataWriter}): the block buffers its writer fills and writes, and the
 * SHA-256 of the bytes, which {@link BlockHasher}'s thread updates with each block in the order the blocks were
 * handed to {@link #hash}. A buffer is handed out again only after the hash of its previous block finished, and
 * {@link #digest()} waits for the last block's, so the digest is the one a single thread would compute.
 *
 * <p>Used by the writing thread alone; the hashing thread reads a buffer while the writer writes it to tape and never
 * writes it. Every wait for a hash is bounded by the hasher's deadline ({@link BlockHasher#DEADLINE}).
 */
final class HashedBlocks {

    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private final BlockHasher hasher;
    /** Hash each block at once on the caller's thread rather than on the hashing thread. */
    private final boolean inline;
    private final int blockSize;
    /** Updated by one hash at a time: the hashing thread runs them in order, and the writer waits for them all. */
    private final MessageDigest sha256 = newSha256();
    /** Allocated when first handed out: a file of one block needs one. */
    private final byte[][] buffers;
    /** The hash still reading each buffer, null when none. */
    private final FutureTask<?>[] hashes;
    private int next;
    /** A hash did not finish within the deadline: the thread is stuck, and waiting for it again is pointless. */
    private boolean stuck;

    HashedBlocks(BlockHasher hasher, boolean inline, int buffers, int blockSize) {
        this.hasher = hasher;
        this.inline = inline;
        this.blockSize = blockSize;
        this.buffers = new byte[buffers][];
        this.hashes = new FutureTask<?>[buffers];
    }

    /**
     * The buffer to fill with the next block ({@code blockSize} bytes); waits until the hash of the block it held
     * before finished.
     *
     * @throws IllegalStateException that hash did not finish within {@link BlockHasher#DEADLINE}
     * @throws CancellationException interrupted while waiting; the interrupt flag is kept
     */
    byte[] next() {
        await(next);
        if (buffers[next] == null) {
            buffers[next] = new byte[blockSize];
        }
        return buffers[next];
    }

    /**
     * Queues the hash of the first {@code length} bytes of {@code block}, the buffer {@link #next()} just returned;
     * the caller may read the buffer (write it to tape) but not change it until {@code next()} returns it again.
     *
     * @throws IllegalStateException the hashing thread is shut down
     */
    void hash(byte[] block, int length) {
        if (block != buffers[next]) {
            throw new IllegalArgumentException("not the buffer handed out last");
        }
        Runnable update = () -> sha256.update(block, 0, length);
        if (inline) {
            update.run();
        } else {
            hashes[next] = hasher.submit(update);
        }
        next = (next + 1) % buffers.length;
    }

    /**
     * The SHA-256 of every block handed to {@link #hash}, in order; waits for the last ones.
     *
     * @throws IllegalStateException a hash did not finish within {@link BlockHasher#DEADLINE}
     * @throws CancellationException interrupted while waiting; the interrupt flag is kept
     */
    byte[] digest() {
        for (int i = 0; i < hashes.length; i++) {
            await((next + i) % hashes.length);
        }
        return sha256.digest();
    }

    /**
     * After a failure of the stream, the drive or a wait: takes the hashes the thread has not started off its queue
     * and waits (up to {@link BlockHasher#DEADLINE}) for the one it runs, so that when the failure propagates no hash
     * of this file is queued or reads a buffer. Never throws, so the caller's failure is the one that propagates; an
     * interrupt during the wait is kept in the flag (the wait goes on: it is short).
     */
    void abandon() {
        boolean interrupted = false;
        for (int i = 0; i < hashes.length; i++) {
            FutureTask<?> hash = hashes[i];
            hashes[i] = null;
            if (hash == null || hash.isDone() || hasher.withdraw(hash) || stuck) {
                continue;
            }
            long until = System.nanoTime() + hasher.deadline().toNanos();
            while (true) {
                try {
                    hash.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    break;   // it ended; its failure is not the one to report
                } catch (TimeoutException e) {
                    LOG.warnf("%s: a block's SHA-256 did not finish within %s after the write failed",
                            hasher.threadName(), deadline());
                    stuck = true;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void await(int slot) {
        FutureTask<?> hash = hashes[slot];
        if (hash == null) {
            return;
        }
        try {
            hash.get(hasher.deadline().toNanos(), TimeUnit.NANOSECONDS);
            hashes[slot] = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a block's SHA-256 on "
                    + hasher.threadName());
        } catch (TimeoutException e) {
            stuck = true;
            throw new IllegalStateException("a block's SHA-256 did not finish within " + deadline() + " on "
                    + hasher.threadName(), e);
        } catch (ExecutionException e) {
            // MessageDigest.update throws nothing checked: an Error (out of memory) or a bug
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a block's SHA-256 failed on " + hasher.threadName(), e.getCause());
        }
    }

    /** The deadline for messages: "60 s", or "300 ms" (tests). */
    private String deadline() {
        long millis = hasher.deadline().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}

package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waits of {@link HashedBlocks} on a {@link BlockHasher} thread kept busy by a task of the test: each is bounded, an
 * interrupt ends it with the flag kept, and {@link HashedBlocks#abandon()} leaves no hash of the file queued.
 */
class BlockHasherTest {

    private static final int BLOCK = 4096;

    private final BlockHasher hasher = new BlockHasher("tape-hash-7", Duration.ofMillis(300));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        hasher.close();
    }

    @Test
    void theDigestIsTheOneOfASingleThreadWhateverTheOrderOfWaits() throws Exception {
        byte[] data = new byte[50 * BLOCK + 17];
        new Random(1).nextBytes(data);
        HashedBlocks blocks = hasher.start(BLOCK, data.length);
        for (int at = 0; at < data.length; at += BLOCK) {
            byte[] block = blocks.next();
            int length = Math.min(BLOCK, data.length - at);
            System.arraycopy(data, at, block, 0, length);
            blocks.hash(block, length);
        }

        assertThat(blocks.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(hasher.idle()).isTrue();
    }

    @Test
    void anInterruptedWaitForABufferEndsWithTheFlagKept() {
        occupyTheThread();
        HashedBlocks blocks = hasher.start(BLOCK, 1 << 20);
        for (int i = 0; i < BlockHasher.BUFFERS; i++) {
            blocks.hash(blocks.next(), BLOCK);
        }

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(blocks::next).isInstanceOf(CancellationException.class)
                    .hasMessage("interrupted while waiting for a block's SHA-256 on tape-hash-7");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            blocks.abandon();
            assertThat(Thread.currentThread().isInterrupted()).as("abandon keeps the flag").isTrue();
        } finally {
            Thread.interrupted();
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(hasher::idle);
    }

    @Test
    void aHashThatDoesNotFinishInTimeFailsTheWriteAndIsWithdrawn() {
        occupyTheThread();
        HashedBlocks blocks = hasher.start(BLOCK, 1 << 20);
        blocks.hash(blocks.next(), BLOCK);
        long start = System.nanoTime();

        assertThatThrownBy(blocks::digest).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a block's SHA-256 did not finish within 300 ms on tape-hash-7");
        blocks.abandon();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(hasher::idle);
    }

    @Test
    void abandonTakesTheQueuedHashesOffTheThread() throws Exception {
        occupyTheThread();
        HashedBlocks blocks = hasher.start(BLOCK, 1 << 20);
        for (int i = 0; i < BlockHasher.BUFFERS; i++) {
            byte[] block = blocks.next();
            block[0] = (byte) (i + 1);
            blocks.hash(block, BLOCK);
        }

        blocks.abandon();
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(hasher::idle);
        assertThat(blocks.digest()).as("the SHA-256 of nothing: no withdrawn block was hashed")
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    }

    @Test
    void smallFilesAreHashedOnTheCallersThread() {
        occupyTheThread();
        HashedBlocks blocks = hasher.start(BLOCK, BlockHasher.INLINE_BELOW - 1);
        byte[] block = blocks.next();
        block[0] = 42;
        blocks.hash(block, 1);

        // the hashing thread is busy: only the caller's thread can have hashed it
        assertThat(blocks.digest()).hasSize(32);
    }

    @Test
    void closingStopsTheThread() {
        HashedBlocks blocks = hasher.start(BLOCK, 1 << 20);
        blocks.hash(blocks.next(), BLOCK);
        blocks.digest();
        assertThat(threadAlive()).isTrue();

        hasher.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !threadAlive());
    }

    private void occupyTheThread() {
        hasher.submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tape-hash-7"));
    }
}

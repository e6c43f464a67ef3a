package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RangeWait;
import io.tapelib.gateway.controller.RecallEvent;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallDeliveryTest {
    private static final byte[] CONTENT = "LTFS recall test content\n".repeat(100).getBytes();

    private static RecallEvent chunk(long inode, long offset, byte[] bytes) {
        return new RecallEvent.Chunk(inode, offset, ByteBuffer.wrap(bytes).asReadOnlyBuffer());
    }

    private static RecallEvent done(long inode) {
        return new RecallEvent.FileDone(inode);
    }

    @Test
    void aFileTheCacheCannotStoreFailsAloneAndTheOthersComplete(@TempDir Path dir) throws Exception {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            for (long inode : new long[] {7, 8}) {
                cache.recalls().start(inode, CONTENT.length);
                cache.acquire(inode); // an open file whose reader waits
                cache.recallTarget().begin(inode, CONTENT.length);
            }
            RecallDelivery delivery = new RecallDelivery(cache.recallTarget(), Set.of(7L, 8L));

            delivery.accept(chunk(7, CONTENT.length - 1, new byte[] {1, 2, 3}));
            delivery.accept(chunk(7, 0, CONTENT));
            delivery.accept(chunk(8, 0, CONTENT));
            delivery.accept(done(7));
            delivery.accept(done(8));

            RangeWait failed = cache.recalls().awaitComplete(7, Duration.ZERO);
            assertThat(failed.outcome()).isEqualTo(RangeWait.Outcome.FAILED);
            assertThat(failed.failure()).contains("outside the file");
            assertThat(cache.recalls().awaitComplete(8, Duration.ZERO).outcome()).isEqualTo(RangeWait.Outcome.PRESENT);
            assertThat(Files.readAllBytes(cache.objectPath(8))).isEqualTo(CONTENT);
            assertThat(delivery.pending()).isEmpty();
        }
    }

    @Test
    void whenTheLastPendingFileFailsTheCallIsToldToStop(@TempDir Path dir) {
        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            cache.recalls().start(7, CONTENT.length);
            cache.acquire(7);
            cache.recallTarget().begin(7, CONTENT.length);
            RecallDelivery delivery = new RecallDelivery(cache.recallTarget(), Set.of(7L));

            assertThatThrownBy(() -> delivery.accept(chunk(7, CONTENT.length, new byte[] {1})))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inode 7");
            assertThat(cache.recalls().awaitComplete(7, Duration.ZERO).outcome()).isEqualTo(RangeWait.Outcome.FAILED);
        }
    }
}

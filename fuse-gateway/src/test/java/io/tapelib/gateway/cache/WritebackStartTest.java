package io.tapelib.gateway.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Early writeback is an optimisation only: it never changes what the cache holds and never fails a write. */
class WritebackStartTest {
    @TempDir
    Path dir;

    @Test
    void aWriteLargerThanSeveralChunksReadsBackAsWritten() {
        byte[] written = new byte[(int) (2 * WritebackStart.CHUNK_BYTES + 12345)];
        new Random(7).nextBytes(written);
        try (CacheStore cache = new CacheStore(dir, 1L << 30)) {
            cache.acquire(5);
            cache.create(5);
            for (int offset = 0; offset < written.length; offset += 131072) {
                ByteBuffer source = ByteBuffer.wrap(written, offset, Math.min(131072, written.length - offset));
                assertThat(cache.write(5, source, offset)).isEqualTo(source.limit() - offset);
            }
            ByteBuffer back = ByteBuffer.allocate(written.length);
            assertThat(cache.read(5, back, 0, written.length)).isEqualTo(written.length);
            assertThat(back.array()).isEqualTo(written);
            cache.release(5);
        }
    }

    @Test
    void aFileRemovedBeforeItsWritebackStartsIsSkippedQuietly() throws Exception {
        Path file = Files.write(dir.resolve("object"), new byte[4096]);
        Files.delete(file);
        assertThatCode(() -> new WritebackStart().start(file)).doesNotThrowAnyException();
    }
}

package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot path of small files: libfuse answers a create with a getattr through the new handle, and the handle's
 * first write follows. Both are answered from what the create made (no catalog read); what a user sees stays what
 * {@link Namespace#getattr(String)} shows.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class CreateReplyTest {
    private CatalogNamespace namespace;
    private Catalog catalog;
    private CacheStore cache;
    private PendingWrites pending;

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCreatesReplyThroughItsHandleIsWhatThePathShows() {
        namespace.mkdir("/d", 0755, 0, 0);
        long handle = namespace.create("/d/f", 0640, 7, 8);

        FileAttributes reply = namespace.getattr("/d/f", handle);

        assertThat(reply).isEqualTo(namespace.getattr("/d/f"));
        assertThat(reply.mode()).isEqualTo(0640);
        assertThat(reply.uid()).isEqualTo(7);
        assertThat(reply.size()).isZero();
        assertThat(reply.nlink()).isEqualTo(1);
        namespace.release(handle);
    }

    @Test
    void laterCallsThroughTheHandleShowWritesAndNewNames() {
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.getattr("/f", handle);
        namespace.write(handle, bytes("hello"), 0, 5);
        namespace.link("/f", "/g");

        FileAttributes later = namespace.getattr("/f", handle);

        assertThat(later.size()).isEqualTo(5);
        assertThat(later.nlink()).isEqualTo(2);
        assertThat(later).isEqualTo(namespace.getattr("/f"));
        namespace.release(handle);
    }

    @Test
    void aHandleThatIsNotOpenIsAnsweredByThePath() {
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.release(handle);

        assertThat(namespace.getattr("/f", handle)).isEqualTo(namespace.getattr("/f"));
    }

    @Test
    void aNewFileIsDirtyToTheCacheFromItsCreateUntilItsSizeIsRecorded() {
        long handle = namespace.create("/f", 0644, 0, 0);
        long inode = namespace.getattr("/f").inode();
        assertThat(pending.has(inode)).as("from the create on, before any write").isTrue();

        namespace.write(handle, bytes("hello"), 0, 5);
        namespace.flush(handle);
        namespace.release(handle);
        assertThat(pending.has(inode)).as("closed: recorded at the next commit").isTrue();
        namespace.commit();

        assertThat(pending.has(inode)).as("recorded at the commit").isFalse();
        Inode row = catalog.get(inode).orElseThrow();
        assertThat(row.size()).isEqualTo(5);
        assertThat(row.isDirty()).isTrue();
        assertThat(cache.isDirty(inode)).as("its journal").isTrue();
    }

    @Test
    void anEmptyNewFileIsRecordedAtTheCommit() {
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.release(handle);
        long inode = namespace.getattr("/f").inode();
        Inode created = catalog.get(inode).orElseThrow();

        namespace.commit();

        assertThat(pending.has(inode)).isFalse();
        Inode row = catalog.get(inode).orElseThrow();
        assertThat(row.size()).isZero();
        assertThat(row.mtime()).isEqualTo(created.mtime());
        assertThat(namespace.getattr("/f").size()).isZero();
    }
}

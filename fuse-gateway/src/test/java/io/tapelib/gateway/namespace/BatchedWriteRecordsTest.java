package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ContentChanges;
import io.tapelib.gateway.catalog.Inode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: the commit records the writes of every open file in one transaction; meanwhile the mount shows them
 * (getattr, read); a write racing the record stays for the next one, and a getattr racing a record never shows the size
 * of before.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class BatchedWriteRecordsTest {
    private CatalogNamespace namespace;
    private Catalog catalog;
    private CacheStore cache;
    private PendingWrites pending;

    private long writeOpen(String path, String text) {
        long handle = namespace.create(path, 0644, 0, 0);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        return handle;
    }

    @Test
    void openFilesShowTheirSizeAtOnceAndReachTheCatalogAtTheCommit() {
        long handleA = writeOpen("/a", "hello");
        long handleB = writeOpen("/b", "hello world");
        long a = namespace.getattr("/a").inode();
        long b = namespace.getattr("/b").inode();

        assertThat(namespace.getattr("/a").size()).isEqualTo(5);
        assertThat(namespace.getattr("/b").size()).isEqualTo(11);
        assertThat(catalog.get(a).orElseThrow().size()).as("not in the catalog before the commit").isZero();

        namespace.commit();
        assertThat(catalog.get(a).orElseThrow().size()).isEqualTo(5);
        assertThat(catalog.get(b).orElseThrow().size()).isEqualTo(11);
        assertThat(pending.has(a) || pending.has(b)).as("recorded, so no longer pending").isFalse();
        assertThat(cache.dirtyRecords()).extracting(r -> r.size()).containsExactlyInAnyOrder(5L, 11L);
        namespace.release(handleA);
        namespace.release(handleB);
    }

    @Test
    void aFileRemovedBeforeTheCommitIsLeftOutAndTheOthersAreRecorded() {
        long gone = writeOpen("/gone", "x");
        long kept = writeOpen("/kept", "abc");
        long keptInode = namespace.getattr("/kept").inode();
        Inode goneRow = catalog.lookup(Catalog.ROOT_ID, "gone").orElseThrow();
        // removed behind the namespace's back (its own unlink would forget the pending write): the batch skips it
        catalog.unlink(Catalog.ROOT_ID, "gone", Instant.now());
        namespace.commit();
        assertThat(catalog.get(keptInode).orElseThrow().size()).isEqualTo(3);
        assertThat(catalog.get(goneRow.id())).isEmpty();
        namespace.release(kept);
        namespace.release(gone);
    }

    @Test
    void aWriteWhileTheBatchIsRecordedStaysForTheNextRecord() {
        long inode = catalog.createFile(Catalog.ROOT_ID, "f", 0644, 0, 0, Instant.now()).id();
        pending.write(inode, (entry, fresh) -> {
            entry.end = 10;
            entry.mtime = Instant.now();
            return 10;
        });
        pending.recordAll(taken -> {
            record(taken);
            // a write of the same file lands between the batch's transaction and the removal of its entries
            pending.write(inode, (entry, fresh) -> {
                entry.end = 20;
                entry.mtime = Instant.now();
                return 10;
            });
        });
        assertThat(catalog.get(inode).orElseThrow().size()).isEqualTo(10);
        assertThat(pending.unrecorded(inode)).as("the later write waits for the next record").isNotNull();
        pending.recordAll(this::record);
        assertThat(catalog.get(inode).orElseThrow().size()).isEqualTo(20);
        assertThat(pending.has(inode)).isFalse();
    }

    @Test
    void aGetattrRacingARecordNeverShowsTheSizeOfBefore() {
        long inode = catalog.createFile(Catalog.ROOT_ID, "f", 0644, 0, 0, Instant.now()).id();
        pending.write(inode, (entry, fresh) -> {
            entry.end = 1024;
            entry.mtime = Instant.now();
            return 1024;
        });
        // the row is read (size 0), then a commit records the write and removes its entry, then the entry is looked for
        Inode shown = pending.current(() -> {
            Inode before = catalog.get(inode).orElseThrow();
            pending.recordAll(this::record);
            return before;
        }, id -> catalog.get(id).orElse(null));
        assertThat(shown.size()).isEqualTo(1024);
    }

    private void record(java.util.Map<Long, PendingWrites.Unrecorded> taken) {
        List<ContentChanges.Written> writes = new ArrayList<>();
        taken.forEach((id, write) -> writes.add(new ContentChanges.Written(id, write.end(), write.mtime())));
        catalog.content().recordWrites(writes);
    }
}

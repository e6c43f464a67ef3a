package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DURABILITY (shared/DESIGN.md section 7), counted at the seam where the namespace asks for stable storage: fsync
 * makes the file's object, its journal and the catalog durable; close does so only with DURABILITY=close; writes
 * reach the catalog at the commit (a close leaves them to it, except with DURABILITY=close), and a crash before leaves
 * the object, which start-up reconciliation takes as the content.
 */
class DurabilityTest {
    @TempDir
    Path dir;

    private Catalog catalog;
    private CacheStore cache;
    private PendingWrites pending;
    private final List<String> syncs = new ArrayList<>();

    /** Counts what was asked of stable storage, then does it. */
    private final class CountingStorage implements StableStorage {
        private final StableStorage real;

        CountingStorage(StableStorage real) {
            this.real = real;
        }

        @Override
        public void journal(DirtyRecord record, boolean durable) {
            if (durable) {
                syncs.add("journal " + record.inode());
            }
            real.journal(record, durable);
        }

        @Override
        public void syncObject(long inode) {
            syncs.add("object " + inode);
            real.syncObject(inode);
        }

        @Override
        public void syncCatalog() {
            syncs.add("catalog");
            real.syncCatalog();
        }

        @Override
        public void syncCache() {
            syncs.add("cache");
            real.syncCache();
        }
    }

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        pending = new PendingWrites();
        cache = new CacheStore(dir.resolve("cache"), 100_000_000, catalog.identity(),
                inode -> pending.has(inode) || catalog.get(inode).map(Inode::isDirty).orElse(false));
    }

    @AfterEach
    void close() {
        cache.close();
        catalog.close();
    }

    private CatalogNamespace namespace(boolean durableAtClose) {
        return new CatalogNamespace(catalog, cache, inode -> { }, Clock.systemUTC(),
                new NamespaceConfig(Duration.ofSeconds(5), 255, durableAtClose), pending,
                new CountingStorage(StableStorage.of(cache, catalog)));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void closeSyncsNothingAndFsyncSyncsTheObjectItsJournalAndTheCatalog() {
        CatalogNamespace namespace = namespace(false);
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.write(handle, bytes("hello"), 0, 5);
        namespace.flush(handle);
        assertThat(syncs).as("write and close (DURABILITY=commit)").isEmpty();

        namespace.write(handle, bytes(" world"), 5, 6);
        namespace.fsync(handle, false);
        long inode = namespace.getattr("/f").inode();
        assertThat(syncs).containsExactly("object " + inode, "journal " + inode, "catalog");
        assertThat(catalog.get(inode).orElseThrow().size()).as("the catalog took the size before it was synced")
                .isEqualTo(11);
        namespace.release(handle);
        assertThat(syncs).hasSize(3);
    }

    @Test
    void durabilityCloseSyncsAtEveryCloseOfAWrittenFile() {
        CatalogNamespace namespace = namespace(true);
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.write(handle, bytes("hello"), 0, 5);
        namespace.flush(handle);
        long inode = namespace.getattr("/f").inode();
        assertThat(syncs).containsExactly("object " + inode, "journal " + inode, "catalog");
        assertThat(catalog.get(inode).orElseThrow().size()).as("recorded at the close, before the sync").isEqualTo(5);
        assertThat(pending.has(inode)).isFalse();

        namespace.release(handle);
        assertThat(syncs).as("nothing written since the flush").hasSize(3);

        long reader = namespace.open("/f", false, false);
        namespace.flush(reader);
        namespace.release(reader);
        assertThat(syncs).as("a handle that did not write").hasSize(3);
    }

    @Test
    void aFlushHasNothingToDoUnlessDurabilityIsClose() {
        CatalogNamespace commit = namespace(false);
        long written = commit.create("/f", 0644, 0, 0);
        commit.write(written, bytes("hello"), 0, 5);
        assertThat(commit.flushHasNothingToDo(written)).isTrue();
        assertThat(commit.flushHasNothingToDo(commit.open("/f", true, false))).isTrue();

        CatalogNamespace close = namespace(true);
        assertThat(close.flushHasNothingToDo(close.create("/g", 0644, 0, 0))).isFalse();
        assertThat(close.flushHasNothingToDo(close.open("/f", true, false))).isFalse();
    }

    @Test
    void writesShowAtOnceAndReachTheCatalogAtTheCommitNotAtClose() {
        CatalogNamespace namespace = namespace(false);
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.write(handle, bytes("0123456789"), 0, 10);
        long inode = namespace.getattr("/f").inode();
        assertThat(namespace.getattr("/f").size()).isEqualTo(10);
        assertThat(catalog.get(inode).orElseThrow().size()).as("not in the catalog yet").isZero();
        ByteBuffer read = ByteBuffer.allocate(10);
        assertThat(namespace.read(handle, read, 0, 10)).isEqualTo(10);

        namespace.commit();
        assertThat(catalog.get(inode).orElseThrow().size()).isEqualTo(10);
        assertThat(syncs).containsExactly("cache", "catalog");

        namespace.write(handle, bytes("abc"), 10, 3);
        namespace.flush(handle);
        namespace.release(handle);
        assertThat(catalog.get(inode).orElseThrow().size()).as("a close waits for the commit").isEqualTo(10);
        assertThat(namespace.getattr("/f").size()).isEqualTo(13);
        namespace.commit();
        assertThat(catalog.get(inode).orElseThrow().size()).isEqualTo(13);
    }

    @Test
    void aMigrationRecordedWhileWritesWaitKeepsTheJournal() {
        CatalogNamespace namespace = namespace(false);
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.write(handle, bytes("first"), 0, 5);
        long inode = namespace.getattr("/f").inode();
        Inode row = catalog.get(inode).orElseThrow();
        // a migration that read the file now is confirmed while the write's size waits for the commit
        assertThat(catalog.copies().recordMigration(inode, row.changeCounter(), "TL0001L5", List.of(), null)).isTrue();
        assertThat(cache.markClean(inode)).as("the journal stays while writes wait").isFalse();
        assertThat(cache.isDirty(inode)).isTrue();

        namespace.flush(handle);
        namespace.release(handle);
        namespace.commit();
        assertThat(catalog.get(inode).orElseThrow().isDirty()).as("the recorded write makes it dirty again").isTrue();
    }

    @Test
    void aCrashBeforeTheCatalogTookTheSizeLeavesTheObjectsBytes() {
        CatalogNamespace namespace = namespace(false);
        long handle = namespace.create("/f", 0644, 0, 0);
        namespace.write(handle, bytes("0123456789"), 0, 10);
        long inode = namespace.getattr("/f").inode();
        // the gateway dies here: no flush, no commit; the object and the WAL are what is left
        cache.close();
        cache = new CacheStore(dir.resolve("cache"), 100_000_000, catalog.identity(),
                id -> catalog.get(id).map(Inode::isDirty).orElse(false));
        new CacheReconciliation(catalog, cache, Clock.systemUTC()).reconcile();

        Inode row = catalog.get(inode).orElseThrow();
        assertThat(row.size()).isEqualTo(10);
        assertThat(row.isDirty()).isTrue();
        assertThat(cache.isDirty(inode)).isTrue();
    }
}

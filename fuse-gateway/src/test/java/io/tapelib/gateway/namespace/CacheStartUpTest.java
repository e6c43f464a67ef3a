package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static io.tapelib.gateway.namespace.NamespaceFixture.TAPE_TIME;
import static io.tapelib.gateway.namespace.NamespaceFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache and catalog after a crash, at the gateway's start-up ({@link CacheReconciliation}): journals that outlived
 * a clean row, orphans, objects of the wrong size and lost objects; and a write racing the write-back's record of a
 * migration keeps the file journalled.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class CacheStartUpTest {
    private static final Path TEXT = Path.of("/usr/share/doc/adduser/copyright");

    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    /** Opens the cache for this catalog, as the gateway does at start-up (also after a simulated crash). */
    private void reopenCache() {
        fixture.reopenCache();
        namespace = fixture.namespace();
    }

    private long inodeOf(String path) {
        return namespace.getattr(path).inode();
    }

    /** Records a migration of the file as the write-back would, reading the change counter first. */
    private void recordMigration(long inode) {
        long seen = fixture.catalog().get(inode).orElseThrow().changeCounter();
        assertThat(fixture.catalog().copies().recordMigration(inode, seen, "A00001L5", List.of(), null)).isTrue();
    }

    @Test
    void startUpMakesAFileDirtyAgainWhenItsJournalOutlivedACleanRowAndSetsOrphansAside() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        fixture.writeFile("/acknowledged", text);
        long id = inodeOf("/acknowledged");
        recordMigration(id);   // then the gateway died before the journal was removed
        fixture.cache().create(999);
        fixture.cache().markDirty(new DirtyRecord(999, "/unlinked", 0, 0644, 0, 0, TAPE_TIME, TAPE_TIME));
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.redirtied()).isEqualTo(1);
        assertThat(summary.orphansSetAside()).isEqualTo(1);
        assertThat(fixture.catalog().get(id).orElseThrow().isDirty()).isTrue();
        assertThat(fixture.xattr("/acknowledged", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(fixture.readFile("/acknowledged")).isEqualTo(text);
        assertThat(fixture.catalog().copies().dirtyFiles(Instant.now())).extracting(Inode::id).containsExactly(id);
        assertThat(fixture.cache().isDirty(999)).isFalse();
        try (Stream<Path> files = Files.walk(fixture.dir().resolve("cache/set-aside"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("999", "999.dirty");
        }
    }

    @Test
    void startUpDropsACleanObjectOfTheWrongSizeAndTrustsADirtyObjectsSize() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        long onTape = fixture.importFromTape("tape.txt", text);
        fixture.feedRecall(onTape, text);
        long intact = fixture.importFromTape("B00002L5", "intact.txt", text);
        fixture.feedRecall(intact, text);
        fixture.writeFile("/mine", text);
        long mine = inodeOf("/mine");
        fixture.cache().close();
        // A crash left a shorter clean object, and a dirty object longer than its row (a write not yet recorded).
        try (FileChannel stale = FileChannel.open(fixture.cache().objectPath(onTape), StandardOpenOption.WRITE)) {
            stale.truncate(text.length / 2);
        }
        Files.write(fixture.dir().resolve("cache/objects/" + mine), "tail".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.staleDropped()).isEqualTo(1);
        assertThat(summary.resized()).isEqualTo(1);
        assertThat(fixture.xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
        assertThat(fixture.xattr("/intact.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");
        assertThat(namespace.getattr("/mine").size()).isEqualTo(text.length + 4);
        assertThat(fixture.cache().dirtyRecords()).singleElement().extracting(DirtyRecord::size).isEqualTo(text.length + 4L);
        assertThat(new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile())
                .as("a second run finds nothing to do").isEqualTo(new ReconcileSummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void aDirtyFileWhoseObjectIsGoneIsLostUntilWrittenAnewOrDeleted() throws IOException {
        fixture.writeFile("/gone", "data".getBytes(StandardCharsets.UTF_8));
        fixture.writeFile("/also-gone", "data".getBytes(StandardCharsets.UTF_8));
        fixture.writeFile("/kept", "more".getBytes(StandardCharsets.UTF_8));
        namespace.commit();   // their sizes in the catalog (a close leaves them to the commit), then the objects go
        long gone = inodeOf("/gone");
        long alsoGone = inodeOf("/also-gone");
        fixture.cache().close();
        Files.delete(fixture.dir().resolve("cache/objects/" + gone));
        Files.delete(fixture.dir().resolve("cache/objects/" + alsoGone));
        // the journal loses the record of /also-gone: rewritten with /gone's and /kept's only
        Path cacheDir = fixture.dir().resolve("cache");
        List<DirtyRecord> kept;
        try (CacheStore cache = new CacheStore(cacheDir, Long.MAX_VALUE)) {
            kept = cache.dirtyRecords().stream().filter(record -> record.inode() != alsoGone).toList();
        }
        Files.delete(cacheDir.resolve("objects/dirty.journal"));
        try (CacheStore cache = new CacheStore(cacheDir, Long.MAX_VALUE)) {
            kept.forEach(cache::markDirty);
        }
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.contentLost()).isEqualTo(2);
        assertThat(fixture.cache().lostInodes()).containsExactlyInAnyOrder(gone, alsoGone);
        assertThat(fixture.xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("lost");
        assertThat(fixture.xattr("/kept", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(fixture.readFile("/kept")).asString().isEqualTo("more");
        long reader = namespace.open("/gone", false, false);
        assertErrno(() -> namespace.read(reader, ByteBuffer.allocate(10), 0, 10), Errno.EIO);
        namespace.release(reader);
        long appender = namespace.open("/gone", true, false);   // the kernel opens first, then truncates
        assertErrno(() -> namespace.write(appender, ByteBuffer.wrap(new byte[] {1}), 4, 1), Errno.EIO);
        namespace.release(appender);
        assertThat(fixture.xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("lost");

        long writer = namespace.open("/gone", true, true);
        namespace.write(writer, ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)), 0, 3);
        namespace.release(writer);
        namespace.unlink("/also-gone");

        assertThat(fixture.xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(fixture.readFile("/gone")).asString().isEqualTo("new");
        assertThat(fixture.cache().lostInodes()).isEmpty();
        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path).containsExactlyInAnyOrder("/gone", "/kept");
    }

    @Test
    void aWriteAfterARecordedMigrationKeepsTheFileJournalledWhicheverStepComesFirst() {
        fixture.writeFile("/busy", "first".getBytes(StandardCharsets.UTF_8));
        long id = inodeOf("/busy");

        recordMigration(id);
        long handle = namespace.open("/busy", true, false);
        namespace.write(handle, ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8)), 0, 6);
        assertThat(fixture.cache().markClean(id)).as("the write-back's markClean comes late").isFalse();
        assertThat(fixture.cache().isDirty(id)).isTrue();
        namespace.commit();
        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::inode).contains(id);

        recordMigration(id);
        assertThat(fixture.cache().markClean(id)).isTrue();
        namespace.write(handle, ByteBuffer.wrap("third".getBytes(StandardCharsets.UTF_8)), 0, 5);
        namespace.release(handle);
        assertThat(fixture.cache().isDirty(id)).as("the write re-creates the journal").isTrue();
        assertThat(fixture.cache().evictAll()).isZero();
        assertThat(fixture.readFile("/busy")).asString().isEqualTo("thirdd");
    }
}

package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.DirectoryListing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: a close (flush, release) records nothing in the catalog under DURABILITY=commit. The file's size and modify
 * time wait in {@link PendingWrites}, where the mount's getattr, listings and reads find them, until the commit (or
 * unmount) records every closed file in one transaction; a listing with attributes and readers outside the mount
 * record them first; and a crash before the commit gives the file its object's size and modify time back.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class ClosedFileRecordsTest {
    private NamespaceFixture fixture;
    private CatalogNamespace namespace;
    private Catalog catalog;
    private CacheStore cache;
    private PendingWrites pending;

    /** Creates, writes, flushes and releases a file, as {@code echo text > path} does; returns its inode. */
    private long writeAndClose(String path, String text) {
        long handle = namespace.create(path, 0644, 1000, 1000);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        namespace.flush(handle);
        namespace.release(handle);
        return namespace.getattr(path).inode();
    }

    @Test
    void aClosedFileShowsItsSizeAtTheMountAndReachesTheCatalogAtTheCommit() {
        long a = writeAndClose("/a", "hello");
        long b = writeAndClose("/b", "hello world");
        FileAttributes shown = namespace.getattr("/b");

        assertThat(catalog.get(a).orElseThrow().size()).as("the close recorded nothing").isZero();
        assertThat(catalog.get(b).orElseThrow().size()).isZero();
        assertThat(namespace.getattr("/a").size()).isEqualTo(5);
        assertThat(shown.size()).isEqualTo(11);
        assertThat(namespace.readdir("/")).filteredOn(entry -> entry.name().equals("b"))
                .extracting(entry -> entry.attributes().size()).containsExactly(11L);
        assertThat(fixture.readFile("/b")).asString(StandardCharsets.UTF_8).isEqualTo("hello world");

        namespace.commit();
        Inode row = catalog.get(b).orElseThrow();
        assertThat(catalog.get(a).orElseThrow().size()).isEqualTo(5);
        assertThat(row.size()).isEqualTo(11);
        assertThat(row.mtime()).as("the write's time, not the commit's").isEqualTo(shown.mtime());
        assertThat(row.isDirty()).isTrue();
        assertThat(pending.has(a) || pending.has(b)).as("recorded, so no longer pending").isFalse();
        assertThat(cache.dirtyRecords()).as("the journals follow at the commit")
                .filteredOn(record -> record.inode() == a || record.inode() == b)
                .extracting(DirtyRecord::size).containsExactlyInAnyOrder(5L, 11L);
        assertThat(namespace.getattr("/b")).isEqualTo(shown);
    }

    @Test
    void unmountRecordsTheFilesClosedSinceTheLastCommit() {
        long a = writeAndClose("/a", "hello");
        Committer committer = new Committer(namespace::commit, Duration.ofHours(1));
        committer.start();
        committer.stop();
        assertThat(catalog.get(a).orElseThrow().size()).isEqualTo(5);
    }

    @Test
    void aListingWithAttributesRecordsTheFilesClosedBeforeIt() {
        namespace.mkdir("/d", 0755, 0, 0);
        long f = writeAndClose("/d/f", "hello");

        DirectoryListing listing = namespace.listingWithAttributes("/d");
        assertThat(catalog.get(f).orElseThrow().size()).as("recorded first").isEqualTo(5);
        assertThat(pending.has(f)).isFalse();
        assertThat(listing.size()).isEqualTo(1);
        assertThat(listing.hasAttributes(0)).as("listed with its attributes, not looked up one by one").isTrue();
        assertThat(listing.size(0)).isEqualTo(5);
        Instant written = namespace.getattr("/d/f").mtime();
        assertThat(listing.mtimeNanos(0)).isEqualTo(written.getEpochSecond() * 1_000_000_000L + written.getNano());
    }

    @Test
    void readersOutsideTheMountRecordTheClosedFilesFirst() {
        long a = writeAndClose("/a", "hello");
        FileAttributes shown = namespace.getattr("/a");

        namespace.recordWrites();
        Inode row = catalog.get(a).orElseThrow();
        assertThat(row.size()).isEqualTo(5);
        assertThat(row.mtime()).isEqualTo(shown.mtime());
        assertThat(row.isDirty()).isTrue();
        assertThat(pending.has(a)).isFalse();
    }

    @Test
    void aCrashBeforeTheCommitGivesTheClosedFileItsObjectsSizeAndModifyTime() throws IOException {
        long a = writeAndClose("/a", "hello world");
        Instant objectWritten = Files.getLastModifiedTime(cache.objectPath(a)).toInstant();
        // the gateway dies here (SIGKILL): the size and time of the closed file were only in its memory
        fixture.reopenCache();
        Instant restart = Instant.now().plus(Duration.ofHours(1));
        new CacheReconciliation(catalog, fixture.cache(), Clock.fixed(restart, ZoneOffset.UTC)).reconcile();

        Inode row = catalog.get(a).orElseThrow();
        assertThat(row.size()).isEqualTo(11);
        assertThat(row.isDirty()).isTrue();
        assertThat(row.mtime()).as("the object's modify time, not the restart's").isEqualTo(objectWritten)
                .isBefore(restart);
        assertThat(fixture.readFile("/a")).asString(StandardCharsets.UTF_8).isEqualTo("hello world");
        assertThat(fixture.cache().dirtyRecords()).filteredOn(record -> record.inode() == a)
                .extracting(DirtyRecord::size, DirtyRecord::mtime).containsExactly(tuple(11L, objectWritten));
    }
}

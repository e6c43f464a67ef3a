package io.tapelib.gateway.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A cache written before session 16 (one {@code <inode>.dirty} file per record) opens with its dirty entries. */
class DirtyJournalAdoptionTest {
    private static final Instant TIME = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    private static DirtyRecord record(long inode, String path, long size) {
        return new DirtyRecord(inode, path, size, 0644, 1000, 1000, TIME, TIME);
    }

    @Test
    void recordFilesOfAnOlderCacheAreTakenIntoTheJournalAndDeleted() throws IOException {
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Files.write(objects.resolve("5"), new byte[] {1, 2, 3});
        new DirtyJournal(objects).write(record(5, "/five", 3), true);
        Files.writeString(objects.resolve("6.dirty"), "{\"inode\":6,\"path\":\"/before-issue-11\",\"size\":0,"
                + "\"mode\":420,\"uid\":1000,\"gid\":1000,\"mtime\":\"2026-12-06T12:00:00Z\","
                + "\"dirtySince\":\"2026-12-06T12:00:00Z\"}");
        Files.write(objects.resolve("7"), new byte[] {9});   // clean

        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            assertThat(cache.dirtyInodes()).containsExactlyInAnyOrder(5L, 6L);
            assertThat(cache.dirtyRecords()).containsExactlyInAnyOrder(record(5, "/five", 3),
                    record(6, "/before-issue-11", 0));
            assertThat(cache.evictAll()).as("the clean one only").isEqualTo(1);
        }
        assertThat(objects.resolve("5.dirty")).doesNotExist();
        assertThat(objects.resolve("6.dirty")).doesNotExist();
        try (CacheStore reopened = new CacheStore(dir, 10_000_000)) {
            assertThat(reopened.dirtyRecords()).containsExactlyInAnyOrder(record(5, "/five", 3),
                    record(6, "/before-issue-11", 0));
            assertThat(reopened.markClean(5)).isTrue();
        }
        try (CacheStore again = new CacheStore(dir, 10_000_000)) {
            assertThat(again.dirtyInodes()).containsExactly(6L);
        }
    }

    @Test
    void anUnreadableRecordFileStaysAndKeepsItsObjectDirtyUntilClean() throws IOException {
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Files.write(objects.resolve("8"), new byte[] {1});
        Files.writeString(objects.resolve("8.dirty"), "{not json");

        try (CacheStore cache = new CacheStore(dir, 10_000_000)) {
            assertThat(cache.isDirty(8)).isTrue();
            assertThat(cache.evictAll()).isZero();
            assertThat(objects.resolve("8.dirty")).exists();
            assertThat(cache.markClean(8)).isTrue();
            assertThat(objects.resolve("8.dirty")).doesNotExist();
        }
    }

    @Test
    void aDurableRecordAndARemovalAreInTheFileAtOnceForAGatewayKilledBeforeItsCommit() {
        CacheStore running = new CacheStore(dir, 10_000_000);
        running.create(1);
        running.markDirty(record(1, "/one", 0), true);
        running.create(2);
        running.markDirty(record(2, "/two", 0), true);
        running.markClean(2);
        running.create(3);
        running.markDirty(record(3, "/held", 0), false);
        running.write(3, ByteBuffer.wrap(new byte[] {1}), 0);

        // no close, no commit: what another process opening the directory now finds is what a SIGKILL leaves
        try (CacheStore restarted = new CacheStore(dir, 10_000_000)) {
            assertThat(restarted.dirtyRecords()).as("the held record waits for the commit; reconciliation rewrites it")
                    .containsExactly(record(1, "/one", 0));
        }
    }
}

package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogNamespaceTest {
    private static final Path TEXT = Path.of("/usr/share/doc/adduser/copyright");
    private static final Path BINARY = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/libawt.so");
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00.5Z");

    @TempDir
    Path dir;

    /** Inodes the namespace asked to recall, in order (the tiering package's queue, as seen by the namespace). */
    private final List<Long> recallRequests = new CopyOnWriteArrayList<>();
    @AutoClose
    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    @BeforeEach
    void open() {
        fixture = new NamespaceFixture(dir, recallRequests::add, Duration.ofSeconds(20));
        namespace = fixture.namespace();
    }

    /** Opens the cache for this catalog, as the gateway does at start-up (also after a simulated crash). */
    private void reopenCache() {
        fixture.reopenCache();
        namespace = fixture.namespace();
    }

    private static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(errno);
    }

    private void writeFile(String path, byte[] content) {
        long handle = namespace.create(path, 0644, 1000, 1000);
        assertThat(namespace.write(handle, ByteBuffer.wrap(content), 0, content.length)).isEqualTo(content.length);
        namespace.release(handle);
    }

    private byte[] readFile(String path) {
        long handle = namespace.open(path, false, false);
        try {
            ByteBuffer buffer = ByteBuffer.allocate((int) namespace.getattr(path).size() + 100);
            int read = namespace.read(handle, buffer, 0, buffer.capacity());
            return Arrays.copyOf(buffer.array(), read);
        } finally {
            namespace.release(handle);
        }
    }

    private String xattr(String path, String name) {
        return new String(namespace.getxattr(path, name), StandardCharsets.UTF_8);
    }

    @Test
    void writtenFilesReadBackAndBehaveAsOnALocalDisk() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        namespace.mkdir("/docs", 0755, 1000, 1000);
        writeFile("/docs/copyright", text);

        FileAttributes attributes = namespace.getattr("/docs/copyright");
        assertThat(attributes.kind()).isEqualTo(FileKind.FILE);
        assertThat(attributes.size()).isEqualTo(text.length);
        assertThat(attributes.mode()).isEqualTo(0644);
        assertThat(readFile("/docs/copyright")).isEqualTo(text);
        assertThat(xattr("/docs/copyright", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(namespace.listxattr("/docs/copyright"))
                .containsExactly(CatalogNamespace.STATE_XATTR, CatalogNamespace.ETA_XATTR);
        assertErrno(() -> namespace.getxattr("/docs/copyright", CatalogNamespace.TAPES_XATTR), Errno.ENODATA);
        assertThat(namespace.getattr("/docs").nlink()).isEqualTo(2);
        assertThat(namespace.getattr("/").nlink()).isEqualTo(3);

        namespace.truncate("/docs/copyright", 10);
        assertThat(readFile("/docs/copyright")).isEqualTo(Arrays.copyOf(text, 10));
        long handle = namespace.open("/docs/copyright", true, true);
        namespace.release(handle);
        assertThat(namespace.getattr("/docs/copyright").size()).isZero();

        writeFile("/docs/other", "replacement".getBytes(StandardCharsets.UTF_8));
        namespace.rename("/docs/other", "/docs/copyright");
        assertThat(readFile("/docs/copyright")).asString().isEqualTo("replacement");
        assertErrno(() -> namespace.getattr("/docs/other"), Errno.ENOENT);
        assertThat(namespace.readdir("/docs")).extracting(DirectoryEntry::name).containsExactly("copyright");
        long id = namespace.getattr("/docs/copyright").inode();
        namespace.commit();   // ordinary journal records are written at the commit
        assertThat(Files.readString(dir.resolve("cache/objects/" + id + ".dirty"))).contains("\"/docs/copyright\"");
        assertThat(fixture.cache().dirtyRecords()).filteredOn(record -> record.kind() == FileKind.FILE).hasSize(1);

        namespace.chmod("/docs/copyright", 0600);
        namespace.chown("/docs/copyright", 1001, 1002);
        Instant mtime = Instant.parse("2020-01-02T03:04:05.123456789Z");
        namespace.utimens("/docs/copyright", TimeChange.omit(), TimeChange.at(mtime));
        FileAttributes changed = namespace.getattr("/docs/copyright");
        assertThat(changed.mode()).isEqualTo(0600);
        assertThat(changed.uid()).isEqualTo(1001);
        assertThat(changed.gid()).isEqualTo(1002);
        assertThat(changed.mtime()).isEqualTo(mtime);

        namespace.symlink("copyright", "/docs/link", 1000, 1000);
        assertThat(namespace.readlink("/docs/link")).isEqualTo("copyright");
        assertThat(namespace.getattr("/docs/link").kind()).isEqualTo(FileKind.SYMLINK);

        assertErrno(() -> namespace.rmdir("/docs"), Errno.ENOTEMPTY);
        namespace.unlink("/docs/copyright");
        namespace.unlink("/docs/link");
        assertErrno(() -> namespace.getattr("/docs/copyright"), Errno.ENOENT);
        assertThat(dir.resolve("cache/objects/" + id)).doesNotExist();
        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path).containsExactly("/docs");
        namespace.rmdir("/docs");
        assertThat(namespace.readdir("/")).isEmpty();
        assertThat(fixture.cache().dirtyRecords()).as("the new directory's journal goes with it").isEmpty();
    }

    @Test
    void reportsPosixErrors() {
        namespace.mkdir("/d", 0755, 0, 0);
        writeFile("/d/f", new byte[] {1, 2, 3});
        namespace.mkdir("/e", 0755, 0, 0);
        writeFile("/e/g", new byte[] {4});

        assertErrno(() -> namespace.getattr("/missing"), Errno.ENOENT);
        assertErrno(() -> namespace.create("/missing/f", 0644, 0, 0), Errno.ENOENT);
        assertErrno(() -> namespace.getattr("/d/f/below"), Errno.ENOTDIR);
        assertErrno(() -> namespace.create("/d/" + "x".repeat(256), 0644, 0, 0), Errno.ENAMETOOLONG);
        assertErrno(() -> namespace.getattr("/" + "é".repeat(128)), Errno.ENAMETOOLONG);
        namespace.release(namespace.create("/d/" + "x".repeat(255), 0644, 0, 0));
        assertErrno(() -> namespace.mkdir("/d", 0755, 0, 0), Errno.EEXIST);
        assertErrno(() -> namespace.open("/d", false, false), Errno.EISDIR);
        assertErrno(() -> namespace.unlink("/d"), Errno.EISDIR);
        assertErrno(() -> namespace.rmdir("/d/f"), Errno.ENOTDIR);
        assertErrno(() -> namespace.rmdir("/d"), Errno.ENOTEMPTY);
        assertErrno(() -> namespace.rename("/d/f", "/e"), Errno.EISDIR);
        assertErrno(() -> namespace.rename("/d", "/e"), Errno.ENOTEMPTY);
        assertErrno(() -> namespace.rename("/d", "/d/sub"), Errno.EINVAL);
        assertErrno(() -> namespace.readlink("/d/f"), Errno.EINVAL);
        assertErrno(() -> namespace.getxattr("/d/f", "user.nothing"), Errno.ENODATA);
        long readOnly = namespace.open("/d/f", false, false);
        assertErrno(() -> namespace.write(readOnly, ByteBuffer.wrap(new byte[1]), 0, 1), Errno.EBADF);
        namespace.release(readOnly);
        assertErrno(() -> namespace.read(readOnly, ByteBuffer.allocate(1), 0, 1), Errno.EBADF);

        namespace.unlink("/e/g");
        namespace.rename("/d", "/e");
        assertThat(readFile("/e/f")).containsExactly(1, 2, 3);
    }

    @Test
    void dirtyFilesSurviveEvictionAndCleanOnesAreRecalledAgain() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        writeFile("/mine", text);
        long onTape = importFromTape("tape.txt", text);
        feedRecall(onTape, text);
        assertThat(readFile("/tape.txt")).isEqualTo(text);
        assertThat(xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");

        assertThat(fixture.cache().evictAll()).isEqualTo(1);
        assertThat(readFile("/mine")).isEqualTo(text);
        assertThat(xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
        namespace.release(namespace.open("/tape.txt", false, false));
        assertThat(recallRequests).as("opening alone recalls nothing").isEmpty();
        long handle = namespace.open("/tape.txt", false, false);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                () -> namespace.read(handle, ByteBuffer.allocate(100), 0, 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> recallRequests.contains(onTape));
        assertThat(recallRequests).containsExactly(onTape);
        fixture.cache().recallTarget().fail(onTape, "test over");
        assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(NamespaceException.class);
        namespace.release(handle);
    }

    @Test
    void readsOfAnOfflineFileWaitForTheRecalledRange() throws Exception {
        byte[] content = Files.readAllBytes(BINARY);
        long inode = importFromTape("lib/libawt.so", content);
        assertThat(xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
        assertThat(xattr("/lib/libawt.so", CatalogNamespace.TAPES_XATTR)).isEqualTo("A00001L5");
        assertThat(xattr("/lib/libawt.so", CatalogNamespace.START_BLOCK_XATTR)).isEqualTo("42");
        assertThat(xattr("/lib/libawt.so", "user.origin")).isEqualTo("jdk");

        long first = namespace.open("/lib/libawt.so", false, false);
        long second = namespace.open("/lib/libawt.so", false, false);
        assertThat(recallRequests).as("opening alone recalls nothing").isEmpty();

        int offset = content.length / 2;
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            int read = namespace.read(first, buffer, offset, 8192);
            return Arrays.copyOf(buffer.array(), read);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> recallRequests.contains(inode));
        assertThat(recallRequests).containsExactly(inode);
        assertThat(xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("recalling");
        RecallTarget recall = fixture.cache().recallTarget();
        recall.begin(inode, content.length);
        recall.write(inode, 0, ByteBuffer.wrap(content, 0, offset));
        assertThat(reader).as("its range has not arrived").isNotDone();
        recall.write(inode, offset, ByteBuffer.wrap(content, offset, content.length - offset));
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(content, offset, offset + 8192));

        recall.complete(inode);
        namespace.release(first);
        namespace.release(second);
        assertThat(readFile("/lib/libawt.so")).isEqualTo(content);
        assertThat(xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");
        assertThat(recallRequests).containsExactly(inode);
    }

    @Test
    void aReadGetsEioWhenTheRecallDeliversNothingInTime() throws IOException {
        byte[] content = Files.readAllBytes(TEXT);
        importFromTape("slow.txt", content);
        CatalogNamespace impatient = fixture.namespace(Duration.ofMillis(300));
        long handle = impatient.open("/slow.txt", false, false);

        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.read(handle, ByteBuffer.allocate(100), 0, 100))
                .isInstanceOf(NamespaceException.class)
                .hasMessageContaining("within")
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EIO);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        fixture.cache().recallTarget().fail(recallRequests.get(0), "drive 0: MEDIUM ERROR");
        assertThatThrownBy(() -> impatient.read(handle, ByteBuffer.allocate(100), 0, 100))
                .isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.EIO);
        impatient.release(handle);
    }

    @Test
    void writingIntoAFileOnTapeRecallsItFirstAndMakesItDirty() throws Exception {
        byte[] text = Files.readAllBytes(TEXT);
        long inode = importFromTape("edit.txt", text);
        CompletableFuture<Long> opener = CompletableFuture.supplyAsync(() -> namespace.open("/edit.txt", true, false));
        feedRecall(inode, text);
        long handle = opener.get(10, TimeUnit.SECONDS);
        namespace.write(handle, ByteBuffer.wrap("EDITED".getBytes(StandardCharsets.UTF_8)), 0, 6);
        namespace.release(handle);

        byte[] expected = text.clone();
        System.arraycopy("EDITED".getBytes(StandardCharsets.UTF_8), 0, expected, 0, 6);
        assertThat(readFile("/edit.txt")).isEqualTo(expected);
        assertThat(xattr("/edit.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertErrno(() -> namespace.getxattr("/edit.txt", CatalogNamespace.TAPES_XATTR), Errno.ENODATA);
        assertThat(fixture.catalog().copies().dirtyFiles(Instant.now())).extracting(i -> i.id()).containsExactly(inode);
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
        writeFile("/acknowledged", text);
        long id = inodeOf("/acknowledged");
        recordMigration(id);   // then the gateway died before the journal was removed
        fixture.cache().create(999);
        fixture.cache().markDirty(new DirtyRecord(999, "/unlinked", 0, 0644, 0, 0, TAPE_TIME, TAPE_TIME));
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.redirtied()).isEqualTo(1);
        assertThat(summary.orphansSetAside()).isEqualTo(1);
        assertThat(fixture.catalog().get(id).orElseThrow().isDirty()).isTrue();
        assertThat(xattr("/acknowledged", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(readFile("/acknowledged")).isEqualTo(text);
        assertThat(fixture.catalog().copies().dirtyFiles(Instant.now())).extracting(Inode::id).containsExactly(id);
        assertThat(fixture.cache().isDirty(999)).isFalse();
        try (Stream<Path> files = Files.walk(dir.resolve("cache/set-aside"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("999", "999.dirty");
        }
    }

    @Test
    void startUpDropsACleanObjectOfTheWrongSizeAndTrustsADirtyObjectsSize() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        long onTape = importFromTape("tape.txt", text);
        feedRecall(onTape, text);
        long intact = importFromTape("B00002L5", "intact.txt", text);
        feedRecall(intact, text);
        writeFile("/mine", text);
        long mine = inodeOf("/mine");
        fixture.cache().close();
        // A crash left a shorter clean object, and a dirty object longer than its row (a write not yet recorded).
        try (FileChannel stale = FileChannel.open(dir.resolve("cache/objects/" + onTape), StandardOpenOption.WRITE)) {
            stale.truncate(text.length / 2);
        }
        Files.write(dir.resolve("cache/objects/" + mine), "tail".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.staleDropped()).isEqualTo(1);
        assertThat(summary.resized()).isEqualTo(1);
        assertThat(xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
        assertThat(xattr("/intact.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");
        assertThat(namespace.getattr("/mine").size()).isEqualTo(text.length + 4);
        assertThat(fixture.cache().dirtyRecords()).singleElement().extracting(DirtyRecord::size).isEqualTo(text.length + 4L);
        assertThat(new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile())
                .as("a second run finds nothing to do").isEqualTo(new ReconcileSummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void aDirtyFileWhoseObjectIsGoneIsLostUntilWrittenAnewOrDeleted() throws IOException {
        writeFile("/gone", "data".getBytes(StandardCharsets.UTF_8));
        writeFile("/also-gone", "data".getBytes(StandardCharsets.UTF_8));
        writeFile("/kept", "more".getBytes(StandardCharsets.UTF_8));
        long gone = inodeOf("/gone");
        long alsoGone = inodeOf("/also-gone");
        fixture.cache().close();
        Files.delete(dir.resolve("cache/objects/" + gone));
        Files.delete(dir.resolve("cache/objects/" + alsoGone));
        Files.delete(dir.resolve("cache/objects/" + alsoGone + ".dirty"));
        reopenCache();

        ReconcileSummary summary = new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();

        assertThat(summary.contentLost()).isEqualTo(2);
        assertThat(fixture.cache().lostInodes()).containsExactlyInAnyOrder(gone, alsoGone);
        assertThat(xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("lost");
        assertThat(xattr("/kept", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(readFile("/kept")).asString().isEqualTo("more");
        long reader = namespace.open("/gone", false, false);
        assertErrno(() -> namespace.read(reader, ByteBuffer.allocate(10), 0, 10), Errno.EIO);
        namespace.release(reader);
        long appender = namespace.open("/gone", true, false);   // the kernel opens first, then truncates
        assertErrno(() -> namespace.write(appender, ByteBuffer.wrap(new byte[] {1}), 4, 1), Errno.EIO);
        namespace.release(appender);
        assertThat(xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("lost");

        long writer = namespace.open("/gone", true, true);
        namespace.write(writer, ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)), 0, 3);
        namespace.release(writer);
        namespace.unlink("/also-gone");

        assertThat(xattr("/gone", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(readFile("/gone")).asString().isEqualTo("new");
        assertThat(fixture.cache().lostInodes()).isEmpty();
        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path).containsExactlyInAnyOrder("/gone", "/kept");
    }

    @Test
    void aWriteAfterARecordedMigrationKeepsTheFileJournalledWhicheverStepComesFirst() {
        writeFile("/busy", "first".getBytes(StandardCharsets.UTF_8));
        long id = inodeOf("/busy");

        recordMigration(id);
        long handle = namespace.open("/busy", true, false);
        namespace.write(handle, ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8)), 0, 6);
        assertThat(fixture.cache().markClean(id)).as("the write-back's markClean comes late").isFalse();
        assertThat(fixture.cache().isDirty(id)).isTrue();
        namespace.commit();
        assertThat(dir.resolve("cache/objects/" + id + ".dirty")).exists();

        recordMigration(id);
        assertThat(fixture.cache().markClean(id)).isTrue();
        namespace.write(handle, ByteBuffer.wrap("third".getBytes(StandardCharsets.UTF_8)), 0, 5);
        namespace.release(handle);
        assertThat(fixture.cache().isDirty(id)).as("the write re-creates the journal").isTrue();
        assertThat(fixture.cache().evictAll()).isZero();
        assertThat(readFile("/busy")).asString().isEqualTo("thirdd");
    }

    @Test
    void aFileLargerThanTheLargestCartridgeGetsEfbigAtWriteTime() {
        writeFile("/unbounded", new byte[2000]);
        assertThat(namespace.getattr("/unbounded").size()).as("no cartridge known: no limit").isEqualTo(2000);
        fixture.catalog().upsertVolume(new VolumeRecord("A00001L5", "0b5e7d1c", VolumeState.LTFS, 5, 4096, 1000, 524_288,
                TAPE_TIME));

        long handle = namespace.create("/big", 0644, 0, 0);
        assertThat(namespace.write(handle, ByteBuffer.allocate(4096), 0, 4096)).isEqualTo(4096);
        assertErrno(() -> namespace.write(handle, ByteBuffer.allocate(10), 4090, 10), Errno.EFBIG);
        namespace.release(handle);
        assertErrno(() -> namespace.truncate("/big", 4097), Errno.EFBIG);
        assertThat(namespace.getattr("/big").size()).isEqualTo(4096);
        namespace.truncate("/big", 100);
        assertThat(namespace.getattr("/big").size()).isEqualTo(100);
    }

    @Test
    void aTruncateBeyondWhatTheCacheCanHoldGetsEfbigAtOnceAndChangesNothing() {
        writeFile("/sparse", new byte[10]);
        assertErrno(() -> namespace.truncate("/sparse", 100_000_001), Errno.EFBIG);
        assertThat(namespace.getattr("/sparse").size()).isEqualTo(10);
        namespace.truncate("/sparse", 100_000_000);
        assertThat(namespace.getattr("/sparse").size()).as("up to CACHE_MAX_BYTES").isEqualTo(100_000_000);
    }

    @Test
    void renamingADirectoryRewritesTheJournalsBelowIt() throws IOException {
        namespace.mkdir("/a", 0755, 0, 0);
        namespace.mkdir("/a/b", 0755, 0, 0);
        writeFile("/a/b/deep", new byte[] {1});
        writeFile("/other", new byte[] {2});
        namespace.rename("/a", "/z");

        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path)
                .as("new directories are dirty until on tape; their journals follow the move too")
                .containsExactlyInAnyOrder("/z", "/z/b", "/z/b/deep", "/other");
    }

    @Test
    void aWriteHandleKeepsItsObjectFromEviction() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        long onTape = importFromTape("pinned.txt", text);
        feedRecall(onTape, text);
        long handle = namespace.open("/pinned.txt", true, false);
        assertThat(fixture.cache().evictAll()).isZero();
        namespace.write(handle, ByteBuffer.wrap(new byte[] {'X'}), 0, 1);
        namespace.release(handle);
        assertThat(readFile("/pinned.txt")[0]).isEqualTo((byte) 'X');
    }

    /** Plays the tiering package's part: streams the file's bytes into the cache in 4 KiB chunks, last first. */
    private void feedRecall(long inode, byte[] content) {
        RecallTarget recall = fixture.cache().recallTarget();
        recall.begin(inode, content.length);
        for (int offset = (content.length - 1) / 4096 * 4096; offset >= 0; offset -= 4096) {
            recall.write(inode, offset, ByteBuffer.wrap(content, offset, Math.min(4096, content.length - offset)));
        }
        recall.complete(inode);
    }

    private long importFromTape(String path, byte[] content) {
        return importFromTape("A00001L5", path, content);
    }

    private long importFromTape(String volumeTag, String path, byte[] content) {
        VolumeRecord volume = new VolumeRecord(volumeTag, "0b5e7d1c", VolumeState.LTFS, 5, 1_425_000_000_000L,
                1_400_000_000_000L, 524_288, TAPE_TIME);
        TapeEntry entry = new TapeEntry(path, FileKind.FILE, content.length, 0644, 0, 0, TAPE_TIME, TAPE_TIME, TAPE_TIME,
                TAPE_TIME, null, List.of(new ExtentRecord(1, 42, 0, content.length, 0)),
                List.of(new ExtendedAttribute("user.origin", "jdk".getBytes(StandardCharsets.UTF_8))));
        fixture.catalog().importVolume(volume, List.of(entry).iterator());
        return fixture.catalog().resolve("/" + path).orElseThrow().id();
    }
}

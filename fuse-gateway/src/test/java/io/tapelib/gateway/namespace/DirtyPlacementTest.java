package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog is lost and rebuilt from a tape's index; the cache's dirty journal brings the dirty entries back at
 * their paths (issue 11, "Rebuild").
 */
@ExtendWith(NamespaceFixtureExtension.class)
class DirtyPlacementTest {
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00.5Z");
    private static final Instant OWN_MTIME = Instant.parse("2023-03-04T05:06:07.123456789Z");
    private static final Instant OWN_ATIME = Instant.parse("2023-04-05T06:07:08.5Z");
    private static final byte[] TAPE_CONTENT = "as the tape has it".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DIRTY_CONTENT = "written at the mount, newer than the tape"
            .getBytes(StandardCharsets.UTF_8);

    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    /** The catalog file is deleted; a new one is indexed from the tape; the cache is reconciled and placed. */
    private DirtyPlacement.Summary loseTheCatalogAndRebuild() throws IOException {
        fixture.close();
        try (Stream<Path> files = Files.list(fixture.dir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("catalog.db")).toList()) {
                Files.delete(file);
            }
        }
        fixture.open();
        namespace = fixture.namespace();
        importTape();
        new CacheReconciliation(fixture.catalog(), fixture.cache(), Clock.systemUTC()).reconcile();
        return new DirtyPlacement(fixture.catalog(), fixture.cache(), Clock.systemUTC()).place();
    }

    private void importTape() {
        VolumeRecord volume = new VolumeRecord("A00001L5", "0b5e7d1c", VolumeState.LTFS, 5, 1_425_000_000_000L,
                1_400_000_000_000L, 524_288, TAPE_TIME);
        List<TapeEntry> entries = List.of(tapeFile("t/old"), tapeFile("t/replaced"));
        fixture.catalog().importVolume(volume, entries.iterator());
    }

    private static TapeEntry tapeFile(String path) {
        return new TapeEntry(path, FileKind.FILE, TAPE_CONTENT.length, 0644, 0, 0, TAPE_TIME, TAPE_TIME, TAPE_TIME,
                TAPE_TIME, null, List.of(new ExtentRecord(1, 42, 0, TAPE_CONTENT.length, 0)), List.of());
    }

    private void writeFile(String path, byte[] content, int mode) {
        long handle = namespace.create(path, mode, 1000, 100);
        namespace.write(handle, ByteBuffer.wrap(content), 0, content.length);
        namespace.release(handle);
    }

    private byte[] cached(String path) throws IOException {
        return Files.readAllBytes(fixture.cache().objectPath(inode(path).id()));
    }

    private Inode inode(String path) {
        return fixture.catalog().resolve(path).orElseThrow(() -> new AssertionError(path + " is not in the catalog"));
    }

    @Test
    void dirtyFilesSymlinksAndDirectoriesComeBackAtTheirPathsDirtyWithParentsMadeAndTheirOwnTimes()
            throws IOException {
        importTape();
        namespace.mkdir("/d", 0700, 1000, 100);
        writeFile("/d/new.txt", DIRTY_CONTENT, 0640);
        namespace.utimens("/d/new.txt", TimeChange.at(OWN_ATIME), TimeChange.at(OWN_MTIME));
        namespace.symlink("new.txt", "/d/link", 1000, 100);
        // a new empty directory is dirty once mkdir makes it so; its journal is what the rebuild sees
        fixture.cache().markDirty(new DirtyRecord(900, "/made/empty dir", 0, 0710, 7, 8, OWN_MTIME, OWN_MTIME,
                FileKind.DIRECTORY, OWN_ATIME, OWN_MTIME, null, 0, Map.of(), List.of()));
        Instant directoryMtime = inode("/d").mtime();
        // the directories' journals take the times their entries moved at the commit (COMMIT_INTERVAL, unmount)
        namespace.commit();

        DirtyPlacement.Summary summary = loseTheCatalogAndRebuild();

        assertThat(inode("/d").mtime()).as("the new directory's time moved by its entries, from its journal")
                .isEqualTo(directoryMtime);

        assertThat(summary.placed()).as("/d (a new directory is dirty), its file and symlink, /made/empty dir")
                .isEqualTo(4);
        assertThat(summary.parentsMade()).as("/made, which no journal describes").isEqualTo(1);
        assertThat(summary.leftSetAside()).isZero();
        Inode file = inode("/d/new.txt");
        assertThat(file.isDirty()).isTrue();
        assertThat(file.kind()).isEqualTo(FileKind.FILE);
        assertThat(file.size()).isEqualTo(DIRTY_CONTENT.length);
        assertThat(file.mode() & 07777).isEqualTo(0640);
        assertThat(file.uid()).isEqualTo(1000);
        assertThat(file.gid()).isEqualTo(100);
        assertThat(file.mtime()).isEqualTo(OWN_MTIME);
        assertThat(file.atime()).isEqualTo(OWN_ATIME);
        assertThat(cached("/d/new.txt")).isEqualTo(DIRTY_CONTENT);
        assertThat(fixture.cache().isDirty(file.id())).as("journalled under its new inode id").isTrue();
        Inode link = inode("/d/link");
        assertThat(link.kind()).isEqualTo(FileKind.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("new.txt");
        assertThat(link.isDirty()).isTrue();
        Inode made = inode("/made/empty dir");
        assertThat(made.isDirectory()).isTrue();
        assertThat(made.mode() & 07777).isEqualTo(0710);
        assertThat(made.uid()).isEqualTo(7);
        assertThat(made.mtime()).isEqualTo(OWN_MTIME);
        assertThat(inode("/made").isDirectory()).isTrue();
        assertThat(fixture.catalog().copies().dirtyFiles(Instant.now().plusSeconds(1))).extracting(Inode::id)
                .contains(file.id(), link.id());
        assertThat(inode("/t/old").isDirty()).as("tape entries stay as the tape has them").isFalse();
        try (Stream<Path> files = Files.walk(fixture.dir().resolve("cache/set-aside"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing left set aside").isEmpty();
        }
    }

    @Test
    void aDirtyFileWinsOverTheTapesEntryAtTheSamePath() throws IOException {
        importTape();
        long handle = namespace.open("/t/replaced", true, true);
        namespace.write(handle, ByteBuffer.wrap(DIRTY_CONTENT), 0, DIRTY_CONTENT.length);
        namespace.release(handle);
        namespace.chmod("/t/replaced", 0600);

        DirtyPlacement.Summary summary = loseTheCatalogAndRebuild();

        assertThat(summary.replaced()).isEqualTo(1);
        Inode replaced = inode("/t/replaced");
        assertThat(replaced.isDirty()).isTrue();
        assertThat(replaced.size()).isEqualTo(DIRTY_CONTENT.length);
        assertThat(replaced.mode() & 07777).isEqualTo(0600);
        assertThat(cached("/t/replaced")).isEqualTo(DIRTY_CONTENT);
        assertThat(fixture.catalog().copies().currentExtents(replaced.id()))
                .as("the tape's copy is an older version now").isEmpty();
        assertThat(Arrays.equals(cached("/t/replaced"), TAPE_CONTENT)).isFalse();
    }

    @Test
    void anEntryUnderAPathThatATapeFileHoldsStaysSetAsideAndIsNamedInTheLog() throws IOException {
        importTape();
        fixture.cache().create(901);
        fixture.cache().markDirty(new DirtyRecord(901, "/t/old/inside", 0, 0644, 0, 0, OWN_MTIME, OWN_MTIME));

        DirtyPlacement.Summary summary = loseTheCatalogAndRebuild();

        assertThat(summary.placed()).isZero();
        assertThat(summary.leftSetAside()).as("its object and its journal").isEqualTo(2);
        assertThat(fixture.catalog().resolve("/t/old/inside")).isEmpty();
    }

    @Test
    void aDirtyDirectoryOrSymlinkRemovedAtTheMountDoesNotComeBack() throws IOException {
        namespace.mkdir("/gone", 0755, 0, 0);
        Inode gone = inode("/gone");
        // as mkdir journals a new directory once it is dirty
        fixture.cache().markDirty(new DirtyRecord(gone.id(), "/gone", 0, 0755, 0, 0, OWN_MTIME, OWN_MTIME, FileKind.DIRECTORY,
                OWN_MTIME, OWN_MTIME, null, 0, Map.of(), List.of()));
        namespace.symlink("nowhere", "/gone-link", 0, 0);
        assertThat(fixture.cache().isDirty(inode("/gone-link").id())).as("a new symlink is journalled").isTrue();

        namespace.rmdir("/gone");
        namespace.unlink("/gone-link");
        DirtyPlacement.Summary summary = loseTheCatalogAndRebuild();

        assertThat(summary.placed()).isZero();
        assertThat(fixture.catalog().resolve("/gone")).isEmpty();
        assertThat(fixture.catalog().resolve("/gone-link")).isEmpty();
    }

    @Test
    void dirtySpecialFilesUserXattrsAndFurtherNamesOfAHardLinkedFileComeBack() throws IOException {
        importTape();
        namespace.mkdir("/x", 0755, 0, 0);
        writeFile("/x/linked", DIRTY_CONTENT, 0644);
        namespace.link("/x/linked", "/x/sub-less-name");
        namespace.setxattr("/x/linked", "user.binary", new byte[] {0, (byte) 0xff, 10}, false, false);
        namespace.mknod("/x/pipe", FileKind.FIFO, 0600, 0, 1000, 100);
        namespace.mknod("/x/tty", FileKind.CHARACTER_DEVICE, 0620, 0x440, 0, 5);

        DirtyPlacement.Summary summary = loseTheCatalogAndRebuild();

        assertThat(summary.leftSetAside()).isZero();
        Inode linked = inode("/x/linked");
        assertThat(inode("/x/sub-less-name").id()).as("one inode, two names").isEqualTo(linked.id());
        assertThat(namespace.getattr("/x/linked").nlink()).isEqualTo(2);
        assertThat(namespace.getxattr("/x/sub-less-name", "user.binary")).containsExactly(0, 0xff, 10);
        assertThat(cached("/x/linked")).isEqualTo(DIRTY_CONTENT);
        assertThat(inode("/x/pipe").kind()).isEqualTo(FileKind.FIFO);
        assertThat(inode("/x/pipe").isDirty()).isTrue();
        assertThat(inode("/x/tty").kind()).isEqualTo(FileKind.CHARACTER_DEVICE);
        assertThat(fixture.catalog().deviceNumber(inode("/x/tty").id())).isEqualTo(0x440);
    }
}

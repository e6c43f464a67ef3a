package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hard links, special files and user xattrs in the catalog (schema version 3; issue 11). */
class EntriesCatalogTest {
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00.5Z");
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final Instant LATER = NOW.plusSeconds(60);

    @TempDir
    Path dir;

    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private static VolumeRecord volume(String tag) {
        return new VolumeRecord(tag, "uuid-" + tag, VolumeState.LTFS, 3, 1_425_000_000_000L, 1_000_000_000_000L,
                524_288, NOW);
    }

    private static TapeEntry file(String path, long length, String linkGroup) {
        return new TapeEntry(path, FileKind.FILE, length, 0644, 1000, 1000, TAPE_TIME, TAPE_TIME, TAPE_TIME, TAPE_TIME,
                null, List.of(new ExtentRecord(1, 10, 0, length, 0)), List.of(), 0, linkGroup);
    }

    private static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(errno);
    }

    @Test
    void linksCountNamesAndTheInodeGoesWithItsLastName() {
        Inode a = catalog.createFile(Catalog.ROOT_ID, "a", 0644, 0, 0, NOW);
        Inode sub = catalog.mkdir(Catalog.ROOT_ID, "sub", 0755, 0, 0, NOW);
        Inode b = catalog.link(a.id(), sub.id(), "b", NOW);

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.name()).isEqualTo("b");
        assertThat(catalog.nameCount(a.id())).isEqualTo(2);
        assertThat(catalog.resolve("/sub/b")).map(Inode::id).contains(a.id());
        assertThat(catalog.children(sub.id())).extracting(Inode::name).containsExactly("b");
        assertThat(catalog.furtherPaths(a.id())).containsExactly("/sub/b");
        assertErrno(() -> catalog.rmdir(Catalog.ROOT_ID, "sub", NOW), Errno.ENOTEMPTY);
        assertErrno(() -> catalog.link(a.id(), sub.id(), "b", NOW), Errno.EEXIST);
        assertErrno(() -> catalog.createFile(sub.id(), "b", 0644, 0, 0, NOW), Errno.EEXIST);
        assertErrno(() -> catalog.link(sub.id(), Catalog.ROOT_ID, "dirlink", NOW), Errno.EPERM);

        // Removing the inode's own name keeps the inode under its other name.
        catalog.unlink(Catalog.ROOT_ID, "a", LATER);
        assertThat(catalog.get(a.id())).isPresent();
        assertThat(catalog.pathOf(a.id())).contains("/sub/b");
        assertThat(catalog.nameCount(a.id())).isEqualTo(1);
        assertThat(catalog.lookup(Catalog.ROOT_ID, "a")).isEmpty();

        catalog.unlink(sub.id(), "b", LATER);
        assertThat(catalog.get(a.id())).isEmpty();
        catalog.rmdir(Catalog.ROOT_ID, "sub", LATER);
    }

    @Test
    void renameOfOneNameKeepsTheOthers() {
        Inode a = catalog.createFile(Catalog.ROOT_ID, "a", 0644, 0, 0, NOW);
        catalog.link(a.id(), Catalog.ROOT_ID, "b", NOW);
        catalog.link(a.id(), Catalog.ROOT_ID, "c", NOW);
        Inode other = catalog.createFile(Catalog.ROOT_ID, "other", 0644, 0, 0, NOW);

        catalog.rename(Catalog.ROOT_ID, "b", Catalog.ROOT_ID, "b2", LATER);
        assertThat(catalog.children(Catalog.ROOT_ID)).extracting(Inode::name).containsExactly("a", "b2", "c", "other");
        // rename(2) between two names of one file does nothing.
        assertThat(catalog.rename(Catalog.ROOT_ID, "a", Catalog.ROOT_ID, "c", LATER)).isEmpty();
        assertThat(catalog.nameCount(a.id())).isEqualTo(3);
        // A further name replacing another file's name: that file goes, this one keeps three names.
        assertThat(catalog.rename(Catalog.ROOT_ID, "c", Catalog.ROOT_ID, "other", LATER)).map(Inode::id)
                .contains(other.id());
        assertThat(catalog.get(other.id())).isEmpty();
        assertThat(catalog.resolve("/other")).map(Inode::id).contains(a.id());
        assertThat(catalog.nameCount(a.id())).isEqualTo(3);
        // Another file replacing one name of the linked file: it loses just that name.
        Inode d = catalog.createFile(Catalog.ROOT_ID, "d", 0644, 0, 0, NOW);
        catalog.rename(Catalog.ROOT_ID, "d", Catalog.ROOT_ID, "a", LATER);
        assertThat(catalog.resolve("/a")).map(Inode::id).contains(d.id());
        assertThat(catalog.nameCount(a.id())).isEqualTo(2);
        assertThat(catalog.pathOf(a.id())).isPresent();
    }

    @Test
    void linkAndUnlinkOfAFileOnTapeArePendingPerTape() {
        catalog.importVolume(volume("TAPE01L5"), List.of(file("docs/a", 5, "")).iterator());
        catalog.importVolume(volume("TAPE02L5"), List.of(file("docs/a", 5, "")).iterator());
        Inode a = catalog.resolve("/docs/a").orElseThrow();
        Inode docs = catalog.resolve("/docs").orElseThrow();

        catalog.link(a.id(), Catalog.ROOT_ID, "hard", NOW);
        catalog.unlink(docs.id(), "a", LATER);

        for (String tape : List.of("TAPE01L5", "TAPE02L5")) {
            // the directories' own time changes are pending too (as ATTRIBUTES rows); here the names matter
            assertThat(catalog.pending().of(tape)).filteredOn(row -> row.kind() != PendingChange.Kind.ATTRIBUTES)
                    .extracting(PendingChange::kind, PendingChange::path,
                    PendingChange::newPath).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.LINK, "/docs/a", "/hard"),
                    org.assertj.core.groups.Tuple.tuple(PendingChange.Kind.DELETE, "/docs/a", null));
        }
        assertThat(catalog.resolve("/hard")).map(Inode::isDirty).contains(false);
    }

    @Test
    void specialFilesAreDirtyWithTheirDeviceNumber() {
        long rdev = (8L << 8) | 1; // makedev(8, 1)
        Inode device = catalog.mknod(Catalog.ROOT_ID, "sda1", FileKind.BLOCK_DEVICE, 0660, rdev, 0, 6, NOW);
        Inode fifo = catalog.mknod(Catalog.ROOT_ID, "pipe", FileKind.FIFO, 0644, 77, 0, 0, NOW);

        assertThat(catalog.get(device.id()).orElseThrow().kind()).isEqualTo(FileKind.BLOCK_DEVICE);
        assertThat(catalog.deviceNumber(device.id())).isEqualTo(rdev);
        assertThat(catalog.deviceNumber(fifo.id())).isZero();
        assertThat(catalog.copies().dirtyFiles(LATER)).extracting(Inode::id).contains(device.id(), fifo.id());
        assertThatThrownBy(() -> catalog.mknod(Catalog.ROOT_ID, "x", FileKind.DIRECTORY, 0755, 0, 0, 0, NOW))
                .isInstanceOf(NamespaceException.class);
    }

    @Test
    void xattrFlagsAndPendingAttributes() {
        catalog.importVolume(volume("TAPE01L5"), List.of(file("a", 5, "")).iterator());
        Inode a = catalog.resolve("/a").orElseThrow();
        byte[] binary = {0, (byte) 0xff, 10, 13, (byte) 0x80};

        catalog.xattrChanges().set(a.id(), "user.binary", binary, true, false, NOW);
        assertErrno(() -> catalog.xattrChanges().set(a.id(), "user.binary", binary, true, false, NOW), Errno.EEXIST);
        assertErrno(() -> catalog.xattrChanges().set(a.id(), "user.absent", binary, false, true, NOW), Errno.ENODATA);
        catalog.xattrChanges().set(a.id(), "user.text", "hé".getBytes(StandardCharsets.UTF_8), false, false, NOW);
        catalog.xattrChanges().set(a.id(), "user.text", "new".getBytes(StandardCharsets.UTF_8), false, true, LATER);

        assertThat(catalog.xattrs(a.id())).extracting(ExtendedAttribute::name).containsExactly("user.binary", "user.text");
        assertThat(catalog.xattrs(a.id()).get(0).value()).isEqualTo(binary);
        assertThat(catalog.get(a.id()).orElseThrow().ctime()).isEqualTo(LATER);
        catalog.xattrChanges().remove(a.id(), "user.binary", LATER);
        assertErrno(() -> catalog.xattrChanges().remove(a.id(), "user.binary", LATER), Errno.ENODATA);
        assertThat(catalog.pending().of("TAPE01L5")).hasSize(4)
                .allMatch(change -> change.kind() == PendingChange.Kind.ATTRIBUTES && change.path().equals("/a"));

        Inode dirty = catalog.createFile(Catalog.ROOT_ID, "new", 0644, 0, 0, NOW);
        catalog.xattrChanges().set(dirty.id(), "user.x", binary, false, false, NOW);
        assertThat(catalog.get(dirty.id()).orElseThrow().changeCounter()).isEqualTo(dirty.changeCounter() + 1);
        assertThat(catalog.pending().of("TAPE01L5")).hasSize(4);
    }

    @Test
    void aLinkGroupOnTapeIsOneInodeWithSeveralNamesAndDevicesComeBack() {
        long rdev = (4L << 8) | 64;
        TapeEntry device = new TapeEntry("dev/ttyS0", FileKind.CHARACTER_DEVICE, 0, 0620, 0, 5, TAPE_TIME, TAPE_TIME,
                TAPE_TIME, TAPE_TIME, null, List.of(), List.of(), rdev, "");
        List<TapeEntry> entries = List.of(file("one", 7, "g1"), file("dir/two", 7, "g1"), file("dir/three", 7, "g1"),
                file("alone", 7, ""), device);

        ImportSummary summary = catalog.importVolume(volume("TAPE01L5"), entries.iterator());
        assertThat(summary.conflicts()).isZero();
        Inode one = catalog.resolve("/one").orElseThrow();
        assertThat(catalog.resolve("/dir/two")).map(Inode::id).contains(one.id());
        assertThat(catalog.resolve("/dir/three")).map(Inode::id).contains(one.id());
        assertThat(catalog.nameCount(one.id())).isEqualTo(3);
        assertThat(catalog.copies().currentExtents(one.id())).hasSize(1);
        assertThat(catalog.nameCount(catalog.resolve("/alone").orElseThrow().id())).isEqualTo(1);
        Inode tty = catalog.resolve("/dev/ttyS0").orElseThrow();
        assertThat(tty.kind()).isEqualTo(FileKind.CHARACTER_DEVICE);
        assertThat(catalog.deviceNumber(tty.id())).isEqualTo(rdev);

        // The same index read again (a new generation): nothing doubles.
        catalog.importVolume(volume("TAPE01L5"), entries.iterator());
        assertThat(catalog.resolve("/dir/two")).map(Inode::id).contains(one.id());
        assertThat(catalog.nameCount(one.id())).isEqualTo(3);
        // A generation without the group: its names go with the inode.
        catalog.importVolume(volume("TAPE01L5"), List.of(file("alone", 7, "")).iterator());
        assertThat(catalog.resolve("/one")).isEmpty();
        assertThat(catalog.resolve("/dir/two")).isEmpty();
        catalog.createFile(catalog.resolve("/").orElseThrow().id(), "one", 0644, 0, 0, NOW);
    }

    @Test
    void aVersion2CatalogIsRaisedToTheCurrentVersionKeepingItsTree() throws Exception {
        Path file = dir.resolve("old.db");
        try (Catalog old = Catalog.open(file)) {
            old.createFile(Catalog.ROOT_ID, "kept", 0640, 7, 8, NOW);
        }
        // Undo versions 3 to 5 as a gateway before them would have left the file.
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE inode_name");
            statement.execute("DROP TABLE shelved_volume");
            statement.execute("ALTER TABLE inode DROP COLUMN rdev");
            statement.execute("DROP INDEX pending_change_inode");
            statement.execute("ALTER TABLE pending_change DROP COLUMN inode");
            statement.execute("UPDATE schema_version SET version = 2");
        }

        try (Catalog upgraded = Catalog.open(file)) {
            Inode kept = upgraded.resolve("/kept").orElseThrow();
            assertThat(kept.mode()).isEqualTo(0640);
            assertThat(upgraded.deviceNumber(kept.id())).isZero();
            upgraded.link(kept.id(), Catalog.ROOT_ID, "again", NOW);
            assertThat(upgraded.nameCount(kept.id())).isEqualTo(2);
        }
    }
}

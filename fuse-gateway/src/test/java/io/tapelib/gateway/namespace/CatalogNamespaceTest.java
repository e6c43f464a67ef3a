package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static io.tapelib.gateway.namespace.NamespaceFixture.TAPE_TIME;
import static io.tapelib.gateway.namespace.NamespaceFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mount's namespace as a local disk: files written, read, renamed, truncated, linked and removed, their
 * attributes and POSIX errors, the size limits (the largest cartridge, the cache) and the dirty journal following
 * renames.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class CatalogNamespaceTest {
    private static final Path TEXT = Path.of("/usr/share/doc/adduser/copyright");

    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    @Test
    void writtenFilesReadBackAndBehaveAsOnALocalDisk() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        namespace.mkdir("/docs", 0755, 1000, 1000);
        fixture.writeFile("/docs/copyright", text);

        FileAttributes attributes = namespace.getattr("/docs/copyright");
        assertThat(attributes.kind()).isEqualTo(FileKind.FILE);
        assertThat(attributes.size()).isEqualTo(text.length);
        assertThat(attributes.mode()).isEqualTo(0644);
        assertThat(fixture.readFile("/docs/copyright")).isEqualTo(text);
        assertThat(fixture.xattr("/docs/copyright", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertThat(namespace.listxattr("/docs/copyright"))
                .containsExactly(CatalogNamespace.STATE_XATTR, CatalogNamespace.ETA_XATTR);
        assertErrno(() -> namespace.getxattr("/docs/copyright", CatalogNamespace.TAPES_XATTR), Errno.ENODATA);
        assertThat(namespace.getattr("/docs").nlink()).isEqualTo(2);
        assertThat(namespace.getattr("/").nlink()).isEqualTo(3);

        namespace.truncate("/docs/copyright", 10);
        assertThat(fixture.readFile("/docs/copyright")).isEqualTo(Arrays.copyOf(text, 10));
        long handle = namespace.open("/docs/copyright", true, true);
        namespace.release(handle);
        assertThat(namespace.getattr("/docs/copyright").size()).isZero();

        fixture.writeFile("/docs/other", "replacement".getBytes(StandardCharsets.UTF_8));
        namespace.rename("/docs/other", "/docs/copyright");
        assertThat(fixture.readFile("/docs/copyright")).asString().isEqualTo("replacement");
        assertErrno(() -> namespace.getattr("/docs/other"), Errno.ENOENT);
        assertThat(namespace.readdir("/docs")).extracting(DirectoryEntry::name).containsExactly("copyright");
        long id = namespace.getattr("/docs/copyright").inode();
        namespace.commit();   // ordinary journal records are written at the commit
        assertThat(new String(Files.readAllBytes(fixture.dir().resolve("cache/objects/dirty.journal")),
                StandardCharsets.ISO_8859_1)).contains("\"/docs/copyright\"");
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
        assertThat(fixture.dir().resolve("cache/objects/" + id)).doesNotExist();
        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path).containsExactly("/docs");
        namespace.rmdir("/docs");
        assertThat(namespace.readdir("/")).isEmpty();
        assertThat(fixture.cache().dirtyRecords()).as("the new directory's journal goes with it").isEmpty();
    }

    @Test
    void reportsPosixErrors() {
        namespace.mkdir("/d", 0755, 0, 0);
        fixture.writeFile("/d/f", new byte[] {1, 2, 3});
        namespace.mkdir("/e", 0755, 0, 0);
        fixture.writeFile("/e/g", new byte[] {4});

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
        assertThat(fixture.readFile("/e/f")).containsExactly(1, 2, 3);
    }

    @Test
    void aFileLargerThanTheLargestCartridgeGetsEfbigAtWriteTime() {
        fixture.writeFile("/unbounded", new byte[2000]);
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
        fixture.writeFile("/sparse", new byte[10]);
        assertErrno(() -> namespace.truncate("/sparse", 100_000_001), Errno.EFBIG);
        assertThat(namespace.getattr("/sparse").size()).isEqualTo(10);
        namespace.truncate("/sparse", 100_000_000);
        assertThat(namespace.getattr("/sparse").size()).as("up to CACHE_MAX_BYTES").isEqualTo(100_000_000);
    }

    @Test
    void renamingADirectoryRewritesTheJournalsBelowIt() throws IOException {
        namespace.mkdir("/a", 0755, 0, 0);
        namespace.mkdir("/a/b", 0755, 0, 0);
        fixture.writeFile("/a/b/deep", new byte[] {1});
        fixture.writeFile("/other", new byte[] {2});
        namespace.rename("/a", "/z");

        assertThat(fixture.cache().dirtyRecords()).extracting(DirtyRecord::path)
                .as("new directories are dirty until on tape; their journals follow the move too")
                .containsExactlyInAnyOrder("/z", "/z/b", "/z/b/deep", "/other");
    }
}

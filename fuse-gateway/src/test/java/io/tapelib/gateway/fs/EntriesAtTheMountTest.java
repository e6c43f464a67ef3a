package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.namespace.CatalogNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User xattrs, hard links, FIFOs and device nodes on a real FUSE mount of {@link TapeLibraryFuse} over the real
 * {@link CatalogNamespace}, checked with the tools a user runs (setfattr, getfattr, ln, mkfifo, mknod, stat, cp -a,
 * rsync -aXH). Needs root, /dev/fuse, libfuse2, attr and rsync (deploy/install-deps.sh).
 */
class EntriesAtTheMountTest {

    @TempDir
    Path temp;

    private RealMount mounted;
    private String mnt;

    @BeforeEach
    void mount() {
        mounted = new RealMount(temp, 10_000_000);
        mnt = mounted.mountPoint.toString();
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    @Test
    void userXattrsAreKeptByteForByteAndTheServiceOnesStayReadOnly() throws IOException {
        String file = Files.writeString(Path.of(mnt, "f"), "x").toString();

        RealMount.run(0, "setfattr", "-n", "user.comment", "-v", "hello world", file);
        RealMount.run(0, "setfattr", "-n", "user.blob", "-v", "0x00ff0a0d80", file);

        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "--only-values", "-n", "user.comment", file)).isEqualTo("hello world");
        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.blob", file)).contains("user.blob=0x00ff0a0d80");
        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "-d", "-m", "^user\\.[^t]", file))
                .contains("user.blob=").contains("user.comment=\"hello world\"");
        assertThat(RealMount.run(1, "setfattr", "-n", "user.tapelib.state", "-v", "cached", file))
                .contains("Operation not permitted");
        assertThat(RealMount.run(1, "setfattr", "-n", "trusted.x", "-v", "1", file)).contains("Operation not supported");
        RealMount.run(0, "setfattr", "-x", "user.comment", file);
        assertThat(RealMount.run(1, "getfattr", "--absolute-names", "-n", "user.comment", file)).contains("No such attribute");
        assertThat(RealMount.run(1, "setfattr", "-x", "user.comment", file)).contains("No such attribute");
    }

    @Test
    void hardLinksShareOneInodeAndItsLinkCount() throws IOException {
        Path a = Files.writeString(Path.of(mnt, "a"), "content");
        Files.createDirectory(Path.of(mnt, "d"));

        RealMount.run(0, "ln", a.toString(), mnt + "/d/b");
        RealMount.run(0, "ln", a.toString(), mnt + "/c");

        assertThat(RealMount.run(0, "stat", "-c", "%h %i", mnt + "/c")).isEqualTo("3 " + RealMount.run(0, "stat", "-c", "%i", a.toString()));
        // Other names show the new count at once, though the kernel caches attributes for 30 s (MountManager).
        assertLinkCount(a.toString(), "3");
        assertLinkCount(mnt + "/d/b", "3");
        assertThat(Files.readString(Path.of(mnt, "d/b"))).isEqualTo("content");
        RealMount.run(0, "rm", a.toString());
        RealMount.run(0, "mv", mnt + "/c", mnt + "/d/c2");
        assertLinkCount(mnt + "/d/b", "2");
        assertLinkCount(mnt + "/d/c2", "2");
        assertThat(Files.readString(Path.of(mnt, "d/c2"))).isEqualTo("content");
        assertThat(RealMount.run(1, "ln", mnt + "/d", mnt + "/dirlink")).contains("hard link not allowed for directory");
    }

    @Test
    void fifosAndDeviceNodesShowTheirTypeAndDeviceNumber() throws Exception {
        RealMount.run(0, "mkfifo", "-m", "0640", mnt + "/pipe");
        RealMount.run(0, "mknod", mnt + "/tty", "c", "4", "64");
        RealMount.run(0, "mknod", mnt + "/disk", "b", "8", "1");

        assertThat(RealMount.run(0, "stat", "-c", "%F %a", mnt + "/pipe").strip()).isEqualTo("fifo 640");
        assertThat(RealMount.run(0, "stat", "-c", "%F %t:%T", mnt + "/tty").strip()).isEqualTo("character special file 4:40");
        assertThat(RealMount.run(0, "stat", "-c", "%F %t:%T", mnt + "/disk").strip()).isEqualTo("block special file 8:1");
        // The mount is nodev (libfuse's default): an archived device node never opens the host's device.
        assertThat(RealMount.run(1, "head", "-c", "1", mnt + "/disk")).contains("Permission denied");
        // The kernel runs a FIFO at a FUSE mount itself: bytes pass through, the filesystem sees no open.
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> RealMount.run(0, "cat", mnt + "/pipe"));
        RealMount.run(0, "sh", "-c", "echo through > " + mnt + "/pipe");
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("through\n");
    }

    @Test
    void cpMinusAKeepsXattrsHardLinksAndSpecialFiles() throws IOException {
        Path source = temp.resolve("src");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/one"), "one");
        RealMount.run(0, "ln", source.resolve("sub/one").toString(), source.resolve("two").toString());
        RealMount.run(0, "setfattr", "-n", "user.note", "-v", "0x0001feff", source.resolve("two").toString());
        RealMount.run(0, "mkfifo", source.resolve("pipe").toString());

        assertThat(RealMount.run(0, "cp", "-a", source.toString(), mnt + "/copy")).isEmpty();

        assertThat(RealMount.run(0, "stat", "-c", "%h %F", mnt + "/copy/two").strip()).isEqualTo("2 regular file");
        assertLinkCount(mnt + "/copy/sub/one", "2");
        assertThat(RealMount.run(0, "stat", "-c", "%i", mnt + "/copy/two"))
                .isEqualTo(RealMount.run(0, "stat", "-c", "%i", mnt + "/copy/sub/one"));
        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.note", mnt + "/copy/sub/one"))
                .contains("user.note=0x0001feff");
        assertThat(RealMount.run(0, "stat", "-c", "%F", mnt + "/copy/pipe").strip()).isEqualTo("fifo");
    }

    /** The link count {@code stat} shows of a name right now. */
    private static void assertLinkCount(String path, String count) {
        assertThat(RealMount.run(0, "stat", "-c", "%h", path).strip()).as("link count of " + path).isEqualTo(count);
    }

    @Test
    void rsyncMinusAXHKeepsXattrsAndHardLinks() throws IOException {
        Path source = temp.resolve("rsrc");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/one"), "one");
        RealMount.run(0, "ln", source.resolve("sub/one").toString(), source.resolve("two").toString());
        RealMount.run(0, "setfattr", "-n", "user.note", "-v", "0x00c328", source.resolve("two").toString());
        RealMount.run(0, "setfattr", "-n", "user.dir", "-v", "text", source.resolve("sub").toString());

        // rsync -X removes target attributes the source lacks: removing this service's own report succeeds and
        // changes nothing, so a plain rsync exits 0.
        assertThat(RealMount.run(0, "rsync", "-aXH", source + "/", mnt + "/r/")).isEmpty();

        assertThat(RealMount.run(0, "stat", "-c", "%h %i", mnt + "/r/two"))
                .isEqualTo("2 " + RealMount.run(0, "stat", "-c", "%i", mnt + "/r/sub/one"));
        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.note", mnt + "/r/sub/one"))
                .contains("user.note=0x00c328");
        assertThat(RealMount.run(0, "getfattr", "--absolute-names", "--only-values", "-n", "user.dir", mnt + "/r/sub"))
                .isEqualTo("text");
    }
}

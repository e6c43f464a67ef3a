package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.NamespaceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private Catalog catalog;
    private CacheStore cache;
    private MountManager manager;
    private String mnt;

    @BeforeEach
    void mount() {
        catalog = Catalog.open(temp.resolve("catalog.db"));
        cache = new CacheStore(temp.resolve("cache"), 10_000_000);
        CatalogNamespace namespace = new CatalogNamespace(catalog, cache, inode -> { }, Clock.systemUTC(),
                new NamespaceConfig(Duration.ofSeconds(5), 255));
        manager = new MountManager(namespace, temp.resolve("mnt"), TIMEOUT);
        manager.mount();
        mnt = temp.resolve("mnt").toString();
    }

    @AfterEach
    void unmount() {
        try {
            manager.unmount();
        } finally {
            LazyUnmounter.detach(manager.mountPoint(), TIMEOUT);
            cache.close();
            catalog.close();
        }
    }

    @Test
    void userXattrsAreKeptByteForByteAndTheServiceOnesStayReadOnly() throws IOException {
        String file = Files.writeString(Path.of(mnt, "f"), "x").toString();

        run(0, "setfattr", "-n", "user.comment", "-v", "hello world", file);
        run(0, "setfattr", "-n", "user.blob", "-v", "0x00ff0a0d80", file);

        assertThat(run(0, "getfattr", "--absolute-names", "--only-values", "-n", "user.comment", file)).isEqualTo("hello world");
        assertThat(run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.blob", file)).contains("user.blob=0x00ff0a0d80");
        assertThat(run(0, "getfattr", "--absolute-names", "-d", "-m", "^user\\.[^t]", file))
                .contains("user.blob=").contains("user.comment=\"hello world\"");
        assertThat(run(1, "setfattr", "-n", "user.tapelib.state", "-v", "cached", file))
                .contains("Operation not permitted");
        assertThat(run(1, "setfattr", "-n", "trusted.x", "-v", "1", file)).contains("Operation not supported");
        run(0, "setfattr", "-x", "user.comment", file);
        assertThat(run(1, "getfattr", "--absolute-names", "-n", "user.comment", file)).contains("No such attribute");
        assertThat(run(1, "setfattr", "-x", "user.comment", file)).contains("No such attribute");
    }

    @Test
    void hardLinksShareOneInodeAndItsLinkCount() throws IOException {
        Path a = Files.writeString(Path.of(mnt, "a"), "content");
        Files.createDirectory(Path.of(mnt, "d"));

        run(0, "ln", a.toString(), mnt + "/d/b");
        run(0, "ln", a.toString(), mnt + "/c");

        assertThat(run(0, "stat", "-c", "%h %i", mnt + "/c")).isEqualTo("3 " + run(0, "stat", "-c", "%i", a.toString()));
        // Other names show the new count once the kernel's attribute cache expires (attr_timeout=1, MountManager).
        awaitLinkCount(a.toString(), "3");
        awaitLinkCount(mnt + "/d/b", "3");
        assertThat(Files.readString(Path.of(mnt, "d/b"))).isEqualTo("content");
        run(0, "rm", a.toString());
        run(0, "mv", mnt + "/c", mnt + "/d/c2");
        awaitLinkCount(mnt + "/d/b", "2");
        awaitLinkCount(mnt + "/d/c2", "2");
        assertThat(Files.readString(Path.of(mnt, "d/c2"))).isEqualTo("content");
        assertThat(run(1, "ln", mnt + "/d", mnt + "/dirlink")).contains("hard link not allowed for directory");
    }

    @Test
    void fifosAndDeviceNodesShowTheirTypeAndDeviceNumber() throws Exception {
        run(0, "mkfifo", "-m", "0640", mnt + "/pipe");
        run(0, "mknod", mnt + "/tty", "c", "4", "64");
        run(0, "mknod", mnt + "/disk", "b", "8", "1");

        assertThat(run(0, "stat", "-c", "%F %a", mnt + "/pipe").strip()).isEqualTo("fifo 640");
        assertThat(run(0, "stat", "-c", "%F %t:%T", mnt + "/tty").strip()).isEqualTo("character special file 4:40");
        assertThat(run(0, "stat", "-c", "%F %t:%T", mnt + "/disk").strip()).isEqualTo("block special file 8:1");
        // The mount is nodev (libfuse's default): an archived device node never opens the host's device.
        assertThat(run(1, "head", "-c", "1", mnt + "/disk")).contains("Permission denied");
        // The kernel runs a FIFO at a FUSE mount itself: bytes pass through, the filesystem sees no open.
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> run(0, "cat", mnt + "/pipe"));
        run(0, "sh", "-c", "echo through > " + mnt + "/pipe");
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("through\n");
    }

    @Test
    void cpMinusAKeepsXattrsHardLinksAndSpecialFiles() throws IOException {
        Path source = temp.resolve("src");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/one"), "one");
        run(0, "ln", source.resolve("sub/one").toString(), source.resolve("two").toString());
        run(0, "setfattr", "-n", "user.note", "-v", "0x0001feff", source.resolve("two").toString());
        run(0, "mkfifo", source.resolve("pipe").toString());

        assertThat(run(0, "cp", "-a", source.toString(), mnt + "/copy")).isEmpty();

        assertThat(run(0, "stat", "-c", "%h %F", mnt + "/copy/two").strip()).isEqualTo("2 regular file");
        awaitLinkCount(mnt + "/copy/sub/one", "2");
        assertThat(run(0, "stat", "-c", "%i", mnt + "/copy/two"))
                .isEqualTo(run(0, "stat", "-c", "%i", mnt + "/copy/sub/one"));
        assertThat(run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.note", mnt + "/copy/sub/one"))
                .contains("user.note=0x0001feff");
        assertThat(run(0, "stat", "-c", "%F", mnt + "/copy/pipe").strip()).isEqualTo("fifo");
    }

    private static void awaitLinkCount(String path, String count) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> run(0, "stat", "-c", "%h", path).strip().equals(count));
    }

    @Test
    void rsyncMinusAXHKeepsXattrsAndHardLinks() throws IOException {
        Path source = temp.resolve("rsrc");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/one"), "one");
        run(0, "ln", source.resolve("sub/one").toString(), source.resolve("two").toString());
        run(0, "setfattr", "-n", "user.note", "-v", "0x00c328", source.resolve("two").toString());
        run(0, "setfattr", "-n", "user.dir", "-v", "text", source.resolve("sub").toString());

        // rsync -X removes target attributes the source lacks: removing this service's own report succeeds and
        // changes nothing, so a plain rsync exits 0.
        assertThat(run(0, "rsync", "-aXH", source + "/", mnt + "/r/")).isEmpty();

        assertThat(run(0, "stat", "-c", "%h %i", mnt + "/r/two"))
                .isEqualTo("2 " + run(0, "stat", "-c", "%i", mnt + "/r/sub/one"));
        assertThat(run(0, "getfattr", "--absolute-names", "-e", "hex", "-n", "user.note", mnt + "/r/sub/one"))
                .contains("user.note=0x00c328");
        assertThat(run(0, "getfattr", "--absolute-names", "--only-values", "-n", "user.dir", mnt + "/r/sub"))
                .isEqualTo("text");
    }

    /** Runs a command and returns its output (standard output and error); asserts the exit status. */
    private static String run(int expectedExit, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(List.of(command) + " did not finish in 20 s");
            }
            String text = output.get();
            assertThat(process.exitValue()).as("%s: %s", List.of(command), text).isEqualTo(expectedExit);
            return text;
        } catch (IOException | ExecutionException e) {
            throw new AssertionError("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

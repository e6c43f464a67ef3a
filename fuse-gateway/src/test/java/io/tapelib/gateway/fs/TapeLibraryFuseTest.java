package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.tapelib.gateway.namespace.CatalogNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a real FUSE mount of {@link TapeLibraryFuse} (through {@link MountManager}) over the real
 * {@link CatalogNamespace} (SQLite catalog and cache directory in a temporary directory) with the tools a
 * user has: java.nio.file and coreutils. Needs root, /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
class TapeLibraryFuseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A real 8 MB file: many 128 KiB FUSE writes and reads. */
    private static final Path JDK_FILE = Path.of(System.getProperty("java.home"), "lib", "ct.sym");

    @TempDir
    Path temp;

    private Path mnt;
    private RealMount mounted;
    private CatalogNamespace namespace;
    private MountManager manager;

    @BeforeEach
    void mount() {
        mounted = new RealMount(temp, 100_000_000);
        mnt = mounted.mountPoint;
        namespace = mounted.namespace;
        manager = mounted.manager;
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    @Test
    void mountIsListedAsTapelibWithTheDesignsOptions() {
        MountEntry entry = MountTable.readSelf().find(mnt).orElseThrow();

        assertThat(entry.filesystemType()).isEqualTo("fuse.tapelib");
        assertThat(entry.source()).isEqualTo("tapelib");
        String options = run("findmnt", "-n", "-o", "OPTIONS", mnt.toString()).stdout();
        assertThat(options).contains("allow_other", "default_permissions");
        if (RealMount.API == FuseApi.LIBFUSE2) {
            assertThat(options).contains("max_read=131072"); // libfuse 3 sets no max_read: the kernel's max_pages bounds it
        }
    }

    @Test
    void copiesARealFileInAndReadsTheSameBytesBack() throws Exception {
        Files.createDirectories(mnt.resolve("jdk/lib"));
        Path copy = mnt.resolve("jdk/lib/ct.sym");

        assertThat(run("cp", JDK_FILE.toString(), copy.toString()).exitCode()).isZero();

        assertThat(Files.size(copy)).isEqualTo(Files.size(JDK_FILE));
        assertThat(sha256(copy)).isEqualTo(sha256(JDK_FILE));
        assertThat(run("stat", "-c", "%s %F %b %B", copy.toString()).stdout().strip())
                .isEqualTo(Files.size(JDK_FILE) + " regular file " + (Files.size(JDK_FILE) + 511) / 512 + " 512");
        assertThat(run("ls", mnt.resolve("jdk/lib").toString()).stdout().strip()).isEqualTo("ct.sym");
    }

    @Test
    void servesParallelCopiesOnLibfusesThreads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<ProcessResult>> copies = new ArrayList<>();
            for (String name : List.of("one", "two", "three")) {
                copies.add(threads.submit(() -> run("cp", JDK_FILE.toString(), mnt.resolve(name).toString())));
            }
            for (Future<ProcessResult> copy : copies) {
                assertThat(copy.get(20, TimeUnit.SECONDS).exitCode()).isZero();
            }
        } finally {
            threads.shutdownNow();
        }

        String expected = sha256(JDK_FILE);
        for (String name : List.of("one", "two", "three")) {
            assertThat(sha256(mnt.resolve(name))).as(name).isEqualTo(expected);
        }
    }

    @Test
    void listsWithFindAndLs() throws IOException {
        Files.createDirectories(mnt.resolve("a/b"));
        Files.writeString(mnt.resolve("a/b/one.txt"), "1");
        Files.writeString(mnt.resolve("a/two.txt"), "22");
        Files.createSymbolicLink(mnt.resolve("a/link"), Path.of("two.txt"));

        assertThat(run("find", mnt.toString(), "-type", "f").stdout().lines().sorted().toList())
                .containsExactly(mnt.resolve("a/b/one.txt").toString(), mnt.resolve("a/two.txt").toString());
        assertThat(run("find", mnt.toString(), "-type", "l").stdout().strip()).isEqualTo(mnt.resolve("a/link").toString());
        assertThat(run("ls", "-a", mnt.resolve("a").toString()).stdout().lines().toList())
                .containsExactly(".", "..", "b", "link", "two.txt");
        assertThat(run("stat", "-c", "%h", mnt.resolve("a").toString()).stdout().strip()).isEqualTo("3");
    }

    @Test
    void renamesAndRemoves() throws IOException {
        Files.createDirectories(mnt.resolve("dir"));
        Path before = mnt.resolve("dir/before.txt");
        Files.writeString(before, "content");

        Path after = Files.move(before, mnt.resolve("after.txt"));

        assertThat(Files.exists(before)).isFalse();
        assertThat(Files.readString(after)).isEqualTo("content");
        Files.writeString(mnt.resolve("dir/keep"), "x");
        assertThatThrownBy(() -> Files.delete(mnt.resolve("dir"))).isInstanceOf(DirectoryNotEmptyException.class);
        Files.delete(mnt.resolve("dir/keep"));
        Files.delete(mnt.resolve("dir"));
        Files.delete(after);
        assertThat(run("ls", "-A", mnt.toString()).stdout()).isEmpty();
        assertThatThrownBy(() -> Files.readString(after)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void truncatesAndOverwritesInPlace() throws IOException {
        Path file = mnt.resolve("file");
        Files.writeString(file, "0123456789");

        assertThat(run("truncate", "-s", "4", file.toString()).exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo("0123");
        Files.writeString(file, "ab");
        assertThat(Files.readString(file)).isEqualTo("ab");
    }

    @Test
    void symlinkReadsBackItsTarget() throws IOException {
        String target = "../some/where/ä.txt";
        Path link = Files.createSymbolicLink(mnt.resolve("link"), Path.of(target));

        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of(target));
        assertThat(run("readlink", link.toString()).stdout().strip()).isEqualTo(target);
        assertThat(Files.readAttributes(link, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .isSymbolicLink()).isTrue();
    }

    @Test
    void chmodChownAndTimesShowInStat() throws IOException {
        Path file = Files.writeString(mnt.resolve("file"), "x");
        Instant modified = Instant.parse("2021-03-04T05:06:07.123456789Z");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(run("chown", "1234:5678", file.toString()).exitCode()).isZero();
        assertThat(run("chgrp", "4321", file.toString()).exitCode()).isZero();
        Files.setLastModifiedTime(file, FileTime.from(modified));

        assertThat(run("stat", "-c", "%a %u %g %.9Y", file.toString()).stdout().strip())
                .isEqualTo("640 1234 4321 " + modified.getEpochSecond() + ".123456789");
    }

    @Test
    void nameOver255BytesIsRefusedWithEnametoolong() throws IOException {
        Path tooLong = mnt.resolve("n".repeat(256));

        assertThatThrownBy(() -> Files.createFile(tooLong))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("File name too long");
        ProcessResult touch = run("touch", tooLong.toString());
        assertThat(touch.exitCode()).isNotZero();
        assertThat(touch.stderr()).contains("File name too long");
        Files.createFile(mnt.resolve("n".repeat(255)));
        assertThat(run("ls", mnt.toString()).stdout().strip()).isEqualTo("n".repeat(255));
    }

    @Test
    void extendedAttributesFollowTheSizeProtocol() throws IOException {
        Path file = Files.writeString(mnt.resolve("file"), "x");

        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        assertThat(view.list()).contains("tapelib.state");
        ByteBuffer value = ByteBuffer.allocate(view.size("tapelib.state"));
        view.read("tapelib.state", value);
        // Written through the mount and not yet migrated to tape.
        assertThat(new String(value.array(), StandardCharsets.UTF_8)).isEqualTo("dirty");
        assertThat(run("getfattr", "--only-values", "-n", "user.tapelib.state", file.toString()).stdout())
                .isEqualTo("dirty");
        assertThat(run("getfattr", "-n", "user.tapelib.tapes", file.toString()).stderr())
                .contains("No such attribute");
        // A user's own attribute is kept; this service's report is read-only (issue 11).
        view.write("mine", ByteBuffer.wrap(new byte[] {1, 0, (byte) 0xff}));
        ByteBuffer mine = ByteBuffer.allocate(view.size("mine"));
        view.read("mine", mine);
        assertThat(mine.array()).containsExactly(1, 0, 0xff);
        assertThatThrownBy(() -> view.write("tapelib.state", ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Operation not permitted");
    }

    @Test
    void statfsShowsTheLibrarysCapacity() throws IOException {
        Files.writeString(mnt.resolve("file"), "x".repeat(8192));

        String[] fields = run("stat", "-f", "-c", "%S %b %f %l", mnt.toString()).stdout().strip().split(" ");

        assertThat(fields[0]).isEqualTo("4096");
        assertThat(Long.parseLong(fields[1])).isEqualTo(namespace.statfs().totalBytes() / 4096);
        assertThat(Long.parseLong(fields[2])).isEqualTo(namespace.statfs().freeBytes() / 4096);
        assertThat(fields[3]).isEqualTo("255");
    }

    @Test
    void aNamespaceBugBecomesEioAndTheMountKeepsWorking() throws IOException {
        // The catalog namespace throws only errnos; a test namespace supplies the bug.
        MountManager buggy = new MountManager(new InMemoryNamespace(), temp.resolve("buggy"), TIMEOUT);
        buggy.mount();
        try {
            ProcessResult stat = run("stat", buggy.mountPoint().resolve(InMemoryNamespace.POISONED_NAME).toString());

            assertThat(stat.exitCode()).isNotZero();
            assertThat(stat.stderr()).contains("Input/output error");
            Files.writeString(buggy.mountPoint().resolve("after"), "still fine");
            assertThat(Files.readString(buggy.mountPoint().resolve("after"))).isEqualTo("still fine");
        } finally {
            buggy.unmount();
            LazyUnmounter.detach(buggy.mountPoint(), TIMEOUT);
        }
    }

    @Test
    void clearsTheStaleMountOfAKilledProcessAndMountsAgain() throws Exception {
        manager.unmount();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MountHolderMain.class.getName(), mnt.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(CompletableFuture.supplyAsync(() -> readLine(output)).get(20, TimeUnit.SECONDS))
                    .isEqualTo(MountHolderMain.READY);
            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

            // A listing must reach the filesystem (a stat may still be answered from the kernel's cache).
            ProcessResult ls = run("ls", mnt.toString());
            assertThat(ls.exitCode()).isNotZero();
            assertThat(ls.stderr()).contains("Transport endpoint is not connected");
            // readiness asks this: the dead process's mount is listed, but it is not this manager's and answers nothing
            assertThat(manager.isMounted()).as("a stale mount left by another process counts as mounted").isFalse();

            manager.mount();

            assertThat(manager.isMounted()).isTrue();

            Files.writeString(mnt.resolve("again"), "mounted again");
            assertThat(Files.readString(mnt.resolve("again"))).isEqualTo("mounted again");
            assertThat(MountTable.readSelf().entries().stream().filter(e -> e.mountPoint().equals(mnt)).count())
                    .isEqualTo(1);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void touchSetsBothTimesToNow() throws IOException {
        Path file = Files.writeString(mnt.resolve("file"), "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Instant before = Instant.now().minusSeconds(1);

        assertThat(run("touch", file.toString()).exitCode()).isZero();

        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        assertThat(attributes.lastModifiedTime().toInstant()).isAfter(before);
        assertThat(attributes.lastAccessTime().toInstant()).isAfter(before);
    }

    @Test
    void missingFuseDeviceIsReportedWithWhatToDo() {
        MountManager withoutDevice = new MountManager(new InMemoryNamespace(), temp.resolve("other"), TIMEOUT,
                temp.resolve("no-such-device"));

        assertThatThrownBy(withoutDevice::mount)
                .isInstanceOf(FuseUnavailableException.class)
                .hasMessageContaining("no-such-device is missing")
                .hasMessageContaining("modprobe fuse");
        assertThat(Files.exists(temp.resolve("other"))).isFalse();
    }

    @Test
    void refusesToHideAnotherFilesystemMountedAtTheMountPoint() throws IOException {
        Path occupied = Files.createDirectories(temp.resolve("occupied"));
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", occupied.toString()).exitCode()).isZero();
        try {
            MountManager over = new MountManager(new InMemoryNamespace(), occupied, TIMEOUT);

            assertThatThrownBy(over::mount)
                    .isInstanceOf(MountException.class)
                    .hasMessageContaining("a tmpfs filesystem from tmpfs is mounted at " + occupied);
            assertThat(MountTable.readSelf().find(occupied).orElseThrow().filesystemType()).isEqualTo("tmpfs");
        } finally {
            run("umount", occupied.toString());
        }
    }

    @Test
    void unmountDetachesAndLeavesAnEmptyDirectory() throws IOException {
        Files.writeString(mnt.resolve("file"), "x");

        manager.unmount();

        assertThat(manager.isMounted()).isFalse();
        assertThat(MountTable.readSelf().find(mnt)).isEmpty();
        try (var entries = Files.list(mnt)) {
            assertThat(entries).isEmpty();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record ProcessResult(int exitCode, String stdout, String stderr) {
    }

    private static ProcessResult run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(List.of(command) + " did not finish in 20 s");
            }
            return new ProcessResult(process.exitValue(), stdout.get(), stderr.get());
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

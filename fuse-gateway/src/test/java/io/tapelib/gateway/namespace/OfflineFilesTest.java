package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tapelib.gateway.namespace.NamespaceFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files whose content is on tape only, through the namespace: a read (not an open) asks for the recall and waits for
 * its range, EIO when nothing comes in time, a write recalls first and makes the file dirty, and eviction drops clean
 * content but never dirty content or content a write handle holds.
 */
class OfflineFilesTest {
    private static final Path TEXT = Path.of("/usr/share/doc/adduser/copyright");
    private static final Path BINARY = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/libawt.so");

    /** Inodes the namespace asked to recall, in order (the tiering package's queue, as seen by the namespace). */
    private final List<Long> recallRequests = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final NamespaceFixtureExtension namespaces = NamespaceFixtureExtension.recallingTo(recallRequests::add);
    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    @Test
    void dirtyFilesSurviveEvictionAndCleanOnesAreRecalledAgain() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        fixture.writeFile("/mine", text);
        long onTape = fixture.importFromTape("tape.txt", text);
        fixture.feedRecall(onTape, text);
        assertThat(fixture.readFile("/tape.txt")).isEqualTo(text);
        assertThat(fixture.xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");

        assertThat(fixture.cache().evictAll()).isEqualTo(1);
        assertThat(fixture.readFile("/mine")).isEqualTo(text);
        assertThat(fixture.xattr("/tape.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
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
        long inode = fixture.importFromTape("lib/libawt.so", content);
        assertThat(fixture.xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("offline");
        assertThat(fixture.xattr("/lib/libawt.so", CatalogNamespace.TAPES_XATTR)).isEqualTo("A00001L5");
        assertThat(fixture.xattr("/lib/libawt.so", CatalogNamespace.START_BLOCK_XATTR)).isEqualTo("42");
        assertThat(fixture.xattr("/lib/libawt.so", "user.origin")).isEqualTo("jdk");

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
        assertThat(fixture.xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("recalling");
        RecallTarget recall = fixture.cache().recallTarget();
        recall.begin(inode, content.length);
        recall.write(inode, 0, ByteBuffer.wrap(content, 0, offset));
        assertThat(reader).as("its range has not arrived").isNotDone();
        recall.write(inode, offset, ByteBuffer.wrap(content, offset, content.length - offset));
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(content, offset, offset + 8192));

        recall.complete(inode);
        namespace.release(first);
        namespace.release(second);
        assertThat(fixture.readFile("/lib/libawt.so")).isEqualTo(content);
        assertThat(fixture.xattr("/lib/libawt.so", CatalogNamespace.STATE_XATTR)).isEqualTo("cached");
        assertThat(recallRequests).containsExactly(inode);
    }

    @Test
    void aReadGetsEioWhenTheRecallDeliversNothingInTime() throws IOException {
        byte[] content = Files.readAllBytes(TEXT);
        fixture.importFromTape("slow.txt", content);
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
        long inode = fixture.importFromTape("edit.txt", text);
        CompletableFuture<Long> opener = CompletableFuture.supplyAsync(() -> namespace.open("/edit.txt", true, false));
        fixture.feedRecall(inode, text);
        long handle = opener.get(10, TimeUnit.SECONDS);
        namespace.write(handle, ByteBuffer.wrap("EDITED".getBytes(StandardCharsets.UTF_8)), 0, 6);
        namespace.release(handle);

        byte[] expected = text.clone();
        System.arraycopy("EDITED".getBytes(StandardCharsets.UTF_8), 0, expected, 0, 6);
        assertThat(fixture.readFile("/edit.txt")).isEqualTo(expected);
        assertThat(fixture.xattr("/edit.txt", CatalogNamespace.STATE_XATTR)).isEqualTo("dirty");
        assertErrno(() -> namespace.getxattr("/edit.txt", CatalogNamespace.TAPES_XATTR), Errno.ENODATA);
        assertThat(fixture.catalog().copies().dirtyFiles(Instant.now())).extracting(i -> i.id()).containsExactly(inode);
    }

    @Test
    void aWriteHandleKeepsItsObjectFromEviction() throws IOException {
        byte[] text = Files.readAllBytes(TEXT);
        long onTape = fixture.importFromTape("pinned.txt", text);
        fixture.feedRecall(onTape, text);
        long handle = namespace.open("/pinned.txt", true, false);
        assertThat(fixture.cache().evictAll()).isZero();
        namespace.write(handle, ByteBuffer.wrap(new byte[] {'X'}), 0, 1);
        namespace.release(handle);
        assertThat(fixture.readFile("/pinned.txt")[0]).isEqualTo((byte) 'X');
    }
}

package io.tapelib.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.DirectoryEntry;
import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.NamespaceConfig;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import io.tapelib.gateway.status.GatewayStatus;
import io.tapelib.gateway.tiering.QueuedRecall;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /.tapelib} over the real {@link CatalogNamespace} and a real catalog: a file migrated to TAPE01, then
 * overwritten and migrated to TAPE02 (so its path has a version on each), and a blank TAPE03.
 */
class ControlTreeTest {
    private static final String FIRST = "version one";
    private static final String SECOND = "the second version, longer";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<String> statusJson = new AtomicReference<>(
            "{\"cacheUsedBytes\": 123, \"cacheMaxBytes\": 4567, \"dirtyFiles\": 0, \"lostFiles\": []}");
    private final List<QueuedRecall> queue = new ArrayList<>();
    private Catalog catalog;
    private CacheStore cache;
    private CatalogNamespace merged;
    private ControlTree namespace;

    @BeforeEach
    void twoVersionsOnTwoCartridges() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        cache = new CacheStore(dir.resolve("cache"), 100_000_000, catalog.identity(),
                inode -> catalog.get(inode).map(Inode::isDirty).orElse(false));
        merged = new CatalogNamespace(catalog, cache, inode -> { }, Clock.systemUTC(),
                new NamespaceConfig(Duration.ofSeconds(5), 255));
        namespace = new ControlTree(merged, catalog, this::status, () -> List.copyOf(queue), json, Clock.systemUTC());
        for (String tag : List.of("TAPE01", "TAPE02", "TAPE03")) {
            catalog.upsertVolume(new VolumeRecord(tag, null, tag.equals("TAPE03") ? VolumeState.BLANK : VolumeState.LTFS,
                    1, 1_000_000_000L, 900_000_000L, 524_288, Instant.parse("2026-01-02T03:04:05Z")));
        }
        merged.mkdir("/docs", 0750, 1000, 1000);
        write("/docs/a.txt", FIRST, false);
        migrate("/docs/a.txt", "TAPE01");
        write("/docs/a.txt", SECOND, true);
        migrate("/docs/a.txt", "TAPE02");
    }

    @AfterEach
    void close() {
        cache.close();
        catalog.close();
    }

    @Test
    void theControlDirectoryIsReachableByNameAndHiddenFromTheRootsListing() {
        assertThat(namespace.readdir("/")).extracting(DirectoryEntry::name).containsExactly("docs");
        assertThat(namespace.getattr("/.tapelib").kind()).isEqualTo(FileKind.DIRECTORY);
        assertThat(namespace.getattr("/.tapelib").mode()).isEqualTo(0555);
        assertThat(namespace.readdir("/.tapelib")).extracting(DirectoryEntry::name)
                .containsExactly("lost", "queue", "status", "tapes");
        assertThat(namespace.readdir("/.tapelib/tapes")).extracting(DirectoryEntry::name)
                .containsExactly("TAPE01", "TAPE02", "TAPE03");
        assertErrno(() -> namespace.getattr("/.tapelib/nothing"), Errno.ENOENT);
        assertErrno(() -> namespace.getattr("/.tapelib/tapes/TAPE99"), Errno.ENOENT);
        assertErrno(() -> namespace.getattr("/.tapelibx"), Errno.ENOENT);
        assertThat(namespace.getattr("/docs/a.txt").size()).as("other paths go to the merged tree")
                .isEqualTo(SECOND.length());
    }

    @Test
    void eachCartridgesTreeShowsItsOwnVersionOfAPathOnTwoCartridges() {
        assertThat(namespace.readdir("/.tapelib/tapes/TAPE01")).extracting(DirectoryEntry::name).containsExactly("docs");
        assertThat(namespace.readdir("/.tapelib/tapes/TAPE01/docs")).extracting(DirectoryEntry::name)
                .containsExactly("a.txt");
        assertThat(namespace.readdir("/.tapelib/tapes/TAPE03")).as("a blank cartridge holds nothing").isEmpty();

        FileAttributes first = namespace.getattr("/.tapelib/tapes/TAPE01/docs/a.txt");
        FileAttributes second = namespace.getattr("/.tapelib/tapes/TAPE02/docs/a.txt");
        assertThat(first.size()).isEqualTo(FIRST.length());
        assertThat(second.size()).isEqualTo(SECOND.length());
        assertThat(first.inode()).as("two versions, two inode numbers").isNotEqualTo(second.inode())
                .isNotEqualTo(namespace.getattr("/docs/a.txt").inode());
        assertThat(first.mode()).as("the file's permission bits (0640) without write bits").isEqualTo(0440);
        assertThat(first.nlink()).isEqualTo(1);
        assertThat(namespace.readdir("/.tapelib/tapes/TAPE01/docs").get(0).attributes().size()).isEqualTo(FIRST.length());
        FileAttributes docs = namespace.getattr("/.tapelib/tapes/TAPE01/docs");
        assertThat(docs.kind()).isEqualTo(FileKind.DIRECTORY);
        assertThat(docs.mode()).isEqualTo(0550);
        assertThat(docs.uid()).isEqualTo(1000);
        assertThat(namespace.getattr("/.tapelib/tapes/TAPE01").nlink()).as("2 + the docs directory").isEqualTo(3);
        assertErrno(() -> namespace.getattr("/.tapelib/tapes/TAPE03/docs"), Errno.ENOENT);
        assertErrno(() -> namespace.readdir("/.tapelib/tapes/TAPE01/docs/a.txt"), Errno.ENOTDIR);
    }

    @Test
    void theCurrentVersionReadsAsTheFileAndAnOlderOneIsNotServed() {
        long handle = namespace.open("/.tapelib/tapes/TAPE02/docs/a.txt", false, false);
        try {
            assertThat(namespace.directIo(handle)).isFalse();
            assertThat(read(handle)).isEqualTo(SECOND);
        } finally {
            namespace.release(handle);
        }

        assertErrno(() -> namespace.open("/.tapelib/tapes/TAPE01/docs/a.txt", false, false), Errno.ENODATA);
        assertErrno(() -> namespace.open("/.tapelib/tapes/TAPE01/docs", false, false), Errno.EISDIR);
    }

    @Test
    void statusIsTheStatusAsTheApplicationsMapperWritesIt() throws Exception {
        String expected = json.writeValueAsString(status()) + "\n";

        long handle = namespace.open("/.tapelib/status", false, false);
        try {
            assertThat(namespace.directIo(handle)).as("generated at open: read past any size getattr showed").isTrue();
            assertThat(read(handle)).isEqualTo(expected);
            statusJson.set("{\"cacheUsedBytes\": 999999}");
            assertThat(read(handle)).as("one open reads one rendering").isEqualTo(expected);
        } finally {
            namespace.release(handle);
        }
        assertThat(json.readTree(expected).get("cacheMaxBytes").asLong()).isEqualTo(4567);
        assertThat(namespace.getattr("/.tapelib/status").size())
                .isEqualTo((json.writeValueAsString(status()) + "\n").length());
    }

    @Test
    void lostListsOnePathALineAndQueueTheRecallsInOrder() {
        statusJson.set("{\"lostFiles\": [\"/docs/gone.bin\", \"/odd\\nname\"]}");
        long lost = namespace.open("/.tapelib/lost", false, false);
        assertThat(read(lost)).isEqualTo("/docs/gone.bin\n/odd\\nname\n");
        namespace.release(lost);

        long inode = catalog.resolve("/docs/a.txt").orElseThrow().id();
        queue.add(new QueuedRecall(inode, "TAPE02", 1, 42, true));
        queue.add(new QueuedRecall(inode + 1000, "TAPE01", 1, 7, false));
        long queued = namespace.open("/.tapelib/queue", false, false);
        assertThat(read(queued)).isEqualTo("/docs/a.txt\tTAPE02\tb:42\treading\n"
                + "inode " + (inode + 1000) + "\tTAPE01\tb:7\twaiting\n");
        namespace.release(queued);
        assertErrno(() -> namespace.read(queued, ByteBuffer.allocate(10), 0, 10), Errno.EBADF);
    }

    @Test
    void everyChangeUnderTheControlDirectoryIsRefusedAndNothingReachesTheCatalog() {
        List<ThrowingCallable> changes = List.of(
                () -> namespace.open("/.tapelib/status", true, false),
                () -> namespace.open("/.tapelib/lost", false, true),
                () -> namespace.open("/.tapelib/tapes/TAPE02/docs/a.txt", true, false),
                () -> namespace.create("/.tapelib/new", 0644, 0, 0),
                () -> namespace.create("/.tapelib/tapes/TAPE01/docs/new", 0644, 0, 0),
                () -> namespace.mkdir("/.tapelib/tapes/TAPE04", 0755, 0, 0),
                () -> namespace.truncate("/.tapelib/status", 0),
                () -> namespace.unlink("/.tapelib/status"),
                () -> namespace.rmdir("/.tapelib/tapes/TAPE03"),
                () -> namespace.rename("/docs/a.txt", "/.tapelib/a.txt"),
                () -> namespace.rename("/.tapelib/tapes/TAPE01/docs", "/moved"),
                () -> namespace.rename("/docs", "/.tapelib"),
                () -> namespace.chmod("/.tapelib", 0777),
                () -> namespace.chown("/.tapelib/tapes", 1, 1),
                () -> namespace.utimens("/.tapelib/queue", TimeChange.now(), TimeChange.now()),
                () -> namespace.symlink("/docs", "/.tapelib/link", 0, 0),
                () -> namespace.link("/docs/a.txt", "/.tapelib/tapes/TAPE01/docs/b.txt"),
                () -> namespace.link("/.tapelib/tapes/TAPE02/docs/a.txt", "/docs/b.txt"),
                () -> namespace.mknod("/.tapelib/fifo", FileKind.FIFO, 0644, 0, 0, 0),
                () -> namespace.setxattr("/.tapelib/status", "user.x", new byte[] {1}, false, false),
                () -> namespace.removexattr("/.tapelib/tapes/TAPE01", "user.x"));
        for (ThrowingCallable change : changes) {
            assertErrno(change, Errno.EROFS);
        }
        assertErrno(() -> namespace.mkdir("/.tapelib", 0755, 0, 0), Errno.EEXIST);
        assertErrno(() -> namespace.create("/.tapelib", 0644, 0, 0), Errno.EEXIST);
        assertErrno(() -> namespace.symlink("/docs", "/.tapelib", 0, 0), Errno.EEXIST);
        assertErrno(() -> namespace.link("/docs/a.txt", "/.tapelib"), Errno.EEXIST);
        assertErrno(() -> namespace.mknod("/.tapelib", FileKind.FILE, 0644, 0, 0, 0), Errno.EEXIST);

        assertThat(catalog.lookup(Catalog.ROOT_ID, ".tapelib")).isEmpty();
        assertThat(catalog.inodeCount()).as("the root, docs and a.txt").isEqualTo(3);
        assertThat(catalog.resolve("/docs/a.txt")).isPresent();
    }

    @Test
    void extendedAttributesInTheControlDirectoryAreNone() {
        assertErrno(() -> namespace.getxattr("/.tapelib/status", "user.tapelib.state"), Errno.ENODATA);
        assertErrno(() -> namespace.getxattr("/.tapelib/tapes/TAPE01/docs/a.txt", "user.tapelib.tapes"), Errno.ENODATA);
        assertErrno(() -> namespace.getxattr("/.tapelib/tapes/TAPE01/missing", "user.x"), Errno.ENOENT);
        assertThat(namespace.listxattr("/.tapelib/tapes/TAPE02/docs/a.txt")).isEmpty();
        assertThat(namespace.getxattr("/docs/a.txt", CatalogNamespace.TAPES_XATTR))
                .asString(StandardCharsets.UTF_8).isEqualTo("TAPE02");
    }

    @Test
    void aDotTapelibFromACartridgesIndexIsShadowedAndHidden() {
        catalog.mkdir(Catalog.ROOT_ID, ".tapelib", 0755, 0, 0, Instant.now());

        assertThat(namespace.readdir("/")).extracting(DirectoryEntry::name).containsExactly("docs");
        assertThat(namespace.readdir("/.tapelib")).extracting(DirectoryEntry::name)
                .containsExactly("lost", "queue", "status", "tapes");
    }

    @Test
    void theMountsListingShowsReaddirsEntriesAndHidesADotTapelibOfTheCatalogToo() {
        catalog.mkdir(Catalog.ROOT_ID, ".tapelib", 0755, 0, 0, Instant.now());

        for (String path : List.of("/", "/docs", "/.tapelib", "/.tapelib/tapes", "/.tapelib/tapes/TAPE01/docs")) {
            DirectoryListing listing = namespace.listing(path);
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < listing.size(); i++) {
                shown.add(listing.name(i) + "=" + listing.inode(i) + "/" + listing.kind(i));
            }
            assertThat(shown).as(path).isEqualTo(namespace.readdir(path).stream()
                    .map(e -> e.name() + "=" + e.attributes().inode() + "/" + e.attributes().kind()).toList());
        }
        assertThat(namespace.listing("/").indexOf(".tapelib")).isNegative();
        assertErrno(() -> namespace.listing("/.tapelib/tapes/TAPE01/docs/a.txt"), Errno.ENOTDIR);
    }

    @Test
    void aHardLinkShowsUnderEachOfItsNamesOnTheCartridges() {
        merged.link("/docs/a.txt", "/docs/b.txt");

        assertThat(namespace.readdir("/.tapelib/tapes/TAPE01/docs")).extracting(DirectoryEntry::name)
                .containsExactly("a.txt", "b.txt");
        assertThat(namespace.getattr("/.tapelib/tapes/TAPE01/docs/b.txt").size()).isEqualTo(FIRST.length());
    }

    private GatewayStatus status() {
        try {
            return json.readValue(statusJson.get(), GatewayStatus.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String path, String content, boolean overwrite) {
        long handle = overwrite ? merged.open(path, true, true) : merged.create(path, 0640, 1000, 1000);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        merged.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        merged.release(handle);
    }

    /**
     * What a confirmed migration records: the directory and the file on the cartridge's index, once the write-back
     * recorded the mount's writes (a close leaves the file's size to the commit).
     */
    private void migrate(String path, String tag) {
        merged.recordWrites();
        Inode docs = catalog.resolve("/docs").orElseThrow();
        catalog.copies().recordDirectory(docs.id(), docs.changeCounter(), tag, Instant.now());
        Inode file = catalog.resolve(path).orElseThrow();
        assertThat(catalog.copies().recordMigration(file.id(), file.changeCounter(), tag,
                List.of(new ExtentRecord(1, 10, 0, file.size(), 0)), null)).isTrue();
    }

    private String read(long handle) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int count = namespace.read(handle, buffer, 0, 4096);
        return new String(buffer.array(), 0, count, StandardCharsets.UTF_8);
    }

    private static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(errno);
    }
}

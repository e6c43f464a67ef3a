package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A mount's namespace without FUSE: a real catalog ({@code dir/catalog.db}) and cache ({@code dir/cache}) in a
 * temporary directory, wired as the gateway wires them (the cache asks the namespace's {@link PendingWrites} and the
 * catalog whether a file is dirty), and a {@link CatalogNamespace} over them. Recalls go to the requester given; nothing delivers them unless the test does.
 * A test class gets one for each test from {@link NamespaceFixtureExtension}.
 */
final class NamespaceFixture implements AutoCloseable {
    /** The cache's cap (CACHE_MAX_BYTES), bytes. */
    static final long CACHE_BYTES = 100_000_000;
    /**
     * How long a read waits for a recall unless a test says otherwise ({@link #namespace(Duration)}): long, because
     * the test delivers the recall itself and a loaded machine must not fail it.
     */
    static final Duration RECALL_TIMEOUT = Duration.ofSeconds(20);
    /** When the cartridges of {@link #importFromTape} wrote their files. */
    static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00.5Z");
    /** NAME_MAX of the namespace, bytes. */
    private static final int NAME_MAX = 255;

    private final Path dir;
    private final Clock clock;
    private final RecallRequester recalls;
    private Catalog catalog;
    private CacheStore cache;
    private PendingWrites pending;
    private CatalogNamespace namespace;
    private boolean open;

    /**
     * Opens a catalog and a cache in {@code dir} and a namespace over them on {@code clock}, asking {@code recalls}
     * for offline content. Tests get one from {@link NamespaceFixtureExtension}.
     */
    NamespaceFixture(Path dir, Clock clock, RecallRequester recalls) {
        this.dir = dir;
        this.clock = clock;
        this.recalls = recalls;
        open();
    }

    /** The directory holding the catalog ({@code catalog.db}) and the cache ({@code cache/}). */
    Path dir() {
        return dir;
    }

    Catalog catalog() {
        return catalog;
    }

    CacheStore cache() {
        return cache;
    }

    CatalogNamespace namespace() {
        return namespace;
    }

    /** The writes the catalog does not show yet, of {@link #namespace()} (a new set at each {@link #reopenCache()}). */
    PendingWrites pending() {
        return pending;
    }

    /** Another namespace over the same catalog and cache whose reads wait {@code recallTimeout} for a recall. */
    CatalogNamespace namespace(Duration recallTimeout) {
        return new CatalogNamespace(catalog, cache, recalls, clock, new NamespaceConfig(recallTimeout, NAME_MAX),
                pending);
    }

    /**
     * Opens the cache again (closing the open one) and a namespace over it, as the gateway does at start-up, also
     * after a simulated crash (the writes not recorded yet are forgotten, as a gateway's memory is);
     * {@link #cache()}, {@link #pending()} and {@link #namespace()} answer the new ones.
     */
    void reopenCache() {
        if (cache != null) {
            cache.close();
        }
        PendingWrites writes = new PendingWrites();
        pending = writes;
        cache = new CacheStore(dir.resolve("cache"), CACHE_BYTES, catalog.identity(),
                inode -> writes.has(inode) || catalog.get(inode).map(Inode::isDirty).orElse(false));
        namespace = namespace(RECALL_TIMEOUT);
    }

    /**
     * Opens the catalog and the cache, also again after {@link #close()}, as the gateway does at start-up; what a test
     * did to their files in between (a lost catalog, a damaged object) is what the new ones find.
     */
    void open() {
        if (open) {
            throw new IllegalStateException("close the fixture before opening it again");
        }
        catalog = Catalog.open(dir.resolve("catalog.db"));
        cache = null;
        reopenCache();
        open = true;
    }

    /** Asserts that {@code call} fails with {@code errno}, as the mount would answer it. */
    static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(errno);
    }

    /** Creates a file (mode 0644, owner 1000:1000) through the namespace and writes all of {@code content}. */
    void writeFile(String path, byte[] content) {
        long handle = namespace.create(path, 0644, 1000, 1000);
        assertThat(namespace.write(handle, ByteBuffer.wrap(content), 0, content.length)).isEqualTo(content.length);
        namespace.release(handle);
    }

    /** Reads a whole file through the namespace (waiting for its recall when offline). */
    byte[] readFile(String path) {
        long handle = namespace.open(path, false, false);
        try {
            ByteBuffer buffer = ByteBuffer.allocate((int) namespace.getattr(path).size() + 100);
            int read = namespace.read(handle, buffer, 0, buffer.capacity());
            return Arrays.copyOf(buffer.array(), read);
        } finally {
            namespace.release(handle);
        }
    }

    /** An extended attribute's value as UTF-8 text. */
    String xattr(String path, String name) {
        return new String(namespace.getxattr(path, name), StandardCharsets.UTF_8);
    }

    /**
     * Catalogs {@code path} (relative to the volume root) as a file on cartridge A00001L5, its content at block 42
     * and {@code user.origin=jdk}; nothing is in the cache.
     *
     * @return the file's inode id
     */
    long importFromTape(String path, byte[] content) {
        return importFromTape("A00001L5", path, content);
    }

    /** {@link #importFromTape(String, byte[])} on the cartridge {@code volumeTag}. */
    long importFromTape(String volumeTag, String path, byte[] content) {
        VolumeRecord volume = new VolumeRecord(volumeTag, "0b5e7d1c", VolumeState.LTFS, 5, 1_425_000_000_000L,
                1_400_000_000_000L, 524_288, TAPE_TIME);
        TapeEntry entry = new TapeEntry(path, FileKind.FILE, content.length, 0644, 0, 0, TAPE_TIME, TAPE_TIME, TAPE_TIME,
                TAPE_TIME, null, List.of(new ExtentRecord(1, 42, 0, content.length, 0)),
                List.of(new ExtendedAttribute("user.origin", "jdk".getBytes(StandardCharsets.UTF_8))));
        catalog.importVolume(volume, List.of(entry).iterator());
        return catalog.resolve("/" + path).orElseThrow().id();
    }

    /** Plays the tiering package's part: streams the file's bytes into the cache in 4 KiB chunks, last first. */
    void feedRecall(long inode, byte[] content) {
        RecallTarget recall = cache.recallTarget();
        recall.begin(inode, content.length);
        for (int offset = (content.length - 1) / 4096 * 4096; offset >= 0; offset -= 4096) {
            recall.write(inode, offset, ByteBuffer.wrap(content, offset, Math.min(4096, content.length - offset)));
        }
        recall.complete(inode);
    }

    /** Closes the cache and the catalog, as a gateway that stops; a second call does nothing. */
    @Override
    public void close() {
        if (open) {
            open = false;
            cache.close();
            catalog.close();
        }
    }
}

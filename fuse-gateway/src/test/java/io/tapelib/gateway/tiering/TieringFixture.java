package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogBackups;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.InMemoryTapeController;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.NamespaceConfig;
import io.tapelib.gateway.namespace.PendingWrites;
import io.tapelib.gateway.namespace.RecallRequester;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A gateway without FUSE and without a controller process: a real catalog, cache and namespace in a temporary
 * directory, the tiering package's collaborators, and {@link InMemoryTapeController} as the controller. Its
 * clock runs with the system clock and can be moved forward (past a write delay) without waiting.
 */
final class TieringFixture implements AutoCloseable {
    static final Duration WRITE_DELAY = Duration.ofSeconds(30);
    static final Duration METADATA_SYNC_INTERVAL = Duration.ofHours(1);
    static final Duration RECALL_MAX_WAIT = Duration.ofMinutes(5);

    final SteppingClock clock = new SteppingClock();
    final InMemoryTapeController controller = new InMemoryTapeController();
    final Catalog catalog;
    final CacheStore cache;
    final GatewayConfig config;
    /** Catalog backups after index writes, into {@code dir/backup}. */
    final BackupRequests backups;
    /** Recalls waiting for shelved cartridges; its gauge in {@link #meters}. */
    final ImportRequests imports;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The mount's writes the catalog does not show yet, shared by the namespace, the cache and the write-back. */
    final PendingWrites pending = new PendingWrites();
    private volatile CatalogNamespace namespace;

    TieringFixture(Path dir, Duration recallTimeout) {
        this(dir, recallTimeout, 100_000_000);
    }

    /** @param cacheBytes the cache's cap (CACHE_MAX_BYTES), bytes */
    TieringFixture(Path dir, Duration recallTimeout, long cacheBytes) {
        this.catalog = Catalog.open(dir.resolve("catalog.db"), clock);
        this.cache = new CacheStore(dir.resolve("cache"), cacheBytes, catalog.identity(),
                inode -> pending.has(inode) || catalog.get(inode).map(Inode::isDirty).orElse(false));
        this.config = config(WRITE_DELAY, recallTimeout);
        this.backups = new BackupRequests(catalog, new CatalogBackups(dir.resolve("backup"), clock), Duration.ofSeconds(30));
        this.imports = new ImportRequests(catalog, cache, clock, meters);
    }

    /** The mount's view, asking {@code recalls} for offline files' content. */
    CatalogNamespace namespace(RecallRequester recalls) {
        namespace = new CatalogNamespace(catalog, cache, recalls, clock, new NamespaceConfig(config.recallTimeout(), 255),
                pending);
        return namespace;
    }

    /** The mount's view where nothing is offline: a recall fails the test. */
    CatalogNamespace namespaceWithNothingOffline() {
        return namespace(inode -> {
            throw new AssertionError("nothing is offline in these tests");
        });
    }

    /**
     * The write-back wired as the gateway wires it: each round records the namespace's writes the catalog does not
     * show yet (files closed since the last commit) first, and leaves out files written meanwhile.
     */
    WriteBack writeBack(PendingClaims claims) {
        return new WriteBack(catalog, cache, controller, config, clock, backups, claims, pending::has, () -> {
            CatalogNamespace mount = namespace;
            if (mount != null) {
                mount.recordWrites();
            }
        });
    }

    /** The namespace made by {@link #namespace(RecallRequester)}. */
    CatalogNamespace namespace() {
        return namespace;
    }

    /** Writes a whole file through the namespace, as a user's {@code cp} does (replacing an existing one's content). */
    void writeFile(String path, byte[] content) {
        long handle = catalog.resolve(path).isPresent() ? namespace.open(path, true, true)
                : namespace.create(path, 0644, 1000, 1000);
        namespace.write(handle, ByteBuffer.wrap(content), 0, content.length);
        namespace.release(handle);
    }

    /** Reads a whole file through the namespace (recalling it when offline). */
    byte[] readFile(String path) {
        long handle = namespace.open(path, false, false);
        try {
            ByteBuffer buffer = ByteBuffer.allocate((int) namespace.getattr(path).size() + 1);
            int read = namespace.read(handle, buffer, 0, buffer.capacity());
            return Arrays.copyOf(buffer.array(), Math.max(read, 0));
        } finally {
            namespace.release(handle);
        }
    }

    Inode inode(String path) {
        return catalog.resolve(path).orElseThrow(() -> new AssertionError("no " + path + " in the catalog"));
    }

    @Override
    public void close() {
        imports.close();
        backups.close();
        cache.close();
        catalog.close();
    }

    /** System time plus an offset that tests move forward. */
    static final class SteppingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * The settings the tiering package reads. A proxy rather than a class implementing the interface, so that a
     * setting added later needs no change here until the tiering package reads it.
     */
    private static GatewayConfig config(Duration writeDelay, Duration recallTimeout) {
        Map<String, Object> values = Map.of("writeDelay", writeDelay, "recallTimeout", recallTimeout,
                "controllerCallDeadline", Duration.ofSeconds(10), "controllerStreamDeadline", Duration.ofMinutes(1),
                "writeBackInterval", Duration.ofSeconds(1), "metadataSyncInterval", METADATA_SYNC_INTERVAL,
                "recallMaxWait", RECALL_MAX_WAIT, "migrationSplitBytes", Optional.of(0L));
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "test settings " + values;
                    }
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException("no test value for " + method.getName());
                    }
                    return value;
                });
    }
}

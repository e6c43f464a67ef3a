package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A mount's namespace without FUSE: a real catalog ({@code dir/catalog.db}) and cache ({@code dir/cache}) in a
 * temporary directory, wired as the gateway wires them (the cache asks the catalog whether a file is dirty), and a
 * {@link CatalogNamespace} over them. Recalls go to the requester given; nothing delivers them unless the test does.
 */
final class NamespaceFixture implements AutoCloseable {
    /** The cache's cap (CACHE_MAX_BYTES), bytes. */
    static final long CACHE_BYTES = 100_000_000;
    /** How long a read waits for a recall unless a test says otherwise. */
    static final Duration RECALL_TIMEOUT = Duration.ofSeconds(5);
    /** NAME_MAX of the namespace, bytes. */
    private static final int NAME_MAX = 255;

    private final Path dir;
    private final Clock clock;
    private final RecallRequester recalls;
    private final Duration recallTimeout;
    private final Catalog catalog;
    private CacheStore cache;
    private CatalogNamespace namespace;

    /** A namespace on the system clock whose recall requests go nowhere. */
    NamespaceFixture(Path dir) {
        this(dir, Clock.systemUTC());
    }

    /** A namespace on {@code clock} whose recall requests go nowhere. */
    NamespaceFixture(Path dir, Clock clock) {
        this(dir, clock, inode -> { }, RECALL_TIMEOUT);
    }

    /** A namespace on the system clock asking {@code recalls} for offline content, reads waiting {@code recallTimeout}. */
    NamespaceFixture(Path dir, RecallRequester recalls, Duration recallTimeout) {
        this(dir, Clock.systemUTC(), recalls, recallTimeout);
    }

    private NamespaceFixture(Path dir, Clock clock, RecallRequester recalls, Duration recallTimeout) {
        this.dir = dir;
        this.clock = clock;
        this.recalls = recalls;
        this.recallTimeout = recallTimeout;
        this.catalog = Catalog.open(dir.resolve("catalog.db"));
        reopenCache();
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

    /** Another namespace over the same catalog and cache whose reads wait {@code recallTimeout} for a recall. */
    CatalogNamespace namespace(Duration recallTimeout) {
        return new CatalogNamespace(catalog, cache, recalls, clock, new NamespaceConfig(recallTimeout, NAME_MAX));
    }

    /**
     * Opens the cache again (closing the open one) and a namespace over it, as the gateway does at start-up, also
     * after a simulated crash; {@link #cache()} and {@link #namespace()} answer the new ones.
     */
    void reopenCache() {
        if (cache != null) {
            cache.close();
        }
        cache = new CacheStore(dir.resolve("cache"), CACHE_BYTES, catalog.identity(),
                inode -> catalog.get(inode).map(Inode::isDirty).orElse(false));
        namespace = namespace(recallTimeout);
    }

    @Override
    public void close() {
        cache.close();
        catalog.close();
    }
}

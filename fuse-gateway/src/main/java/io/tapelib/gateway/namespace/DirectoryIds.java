package io.tapelib.gateway.namespace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tapelib.gateway.catalog.Catalog;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The inode ids of directories by mount path ({@code "/a/b"}; the root, {@code ""}, is always known), remembered for
 * {@link PathResolver}. Bounded in count ({@link #MAXIMUM}) and age ({@link #LIFETIME}, the kernel's entry_timeout:
 * what changes behind the mount's back shows as soon as in the kernel's own cache).
 *
 * <p>A walk that read the catalog before a rename or rmdir committed must not put its old answer back after
 * {@link #forgetAll}: {@link #remember} takes the generation read before the walk and is ignored once it moved on.
 * Thread-safe.
 */
final class DirectoryIds {
    /** How long an id is trusted without a fresh lookup: the mount's entry_timeout (MountManager). */
    static final Duration LIFETIME = Duration.ofSeconds(30);
    /** Most directories remembered (about 100 bytes each). */
    static final long MAXIMUM = 65_536;

    private final Cache<String, Long> ids = Caffeine.newBuilder().maximumSize(MAXIMUM).expireAfterWrite(LIFETIME)
            .build();
    private final Object lock = new Object();
    private long generation;

    /** The id of the directory at {@code path}, when remembered. */
    OptionalLong find(String path) {
        if (path.isEmpty()) {
            return OptionalLong.of(Catalog.ROOT_ID);
        }
        Long id = ids.getIfPresent(path);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The generation to give {@link #remember} for what a walk starting now finds. */
    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Remembers a directory found by a walk that started at {@code seenGeneration}, unless forgotten since. */
    void remember(String path, long id, long seenGeneration) {
        synchronized (lock) {
            if (generation == seenGeneration) {
                ids.put(path, id);
            }
        }
    }

    /** Forgets every directory: one was renamed or removed, and the paths below it changed. */
    void forgetAll() {
        synchronized (lock) {
            generation++;
            ids.invalidateAll();
        }
    }
}

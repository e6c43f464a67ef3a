package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Size accounting and eviction: which objects the cache tracks, in least-recently-used order, how many bytes they
 * take against CACHE_MAX_BYTES, and the eviction of clean, complete, unopened objects to make room (dirty,
 * recalling and open objects are pinned). Not thread-safe: called with the store's lock held.
 */
final class ObjectTable {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());

    private final long maxBytes;
    private final ObjectFiles files;
    /** Least recently used first (insertion order; {@link #touch} moves an object to the end). */
    private final Map<Long, CachedObject> objects = new LinkedHashMap<>();
    private long usedBytes;

    ObjectTable(long maxBytes, ObjectFiles files) {
        this.maxBytes = maxBytes;
        this.files = files;
    }

    long maxBytes() {
        return maxBytes;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** The tracked object, or null. */
    CachedObject get(long inode) {
        return objects.get(inode);
    }

    /** The tracked object, tracking a new, empty one if needed. */
    CachedObject entry(long inode) {
        return objects.computeIfAbsent(inode, CachedObject::new);
    }

    /** Every tracked object, least recently used first. */
    Collection<CachedObject> all() {
        return objects.values();
    }

    /** Stops tracking an inode and gives back its bytes; its files are the caller's business. */
    CachedObject remove(long inode) {
        CachedObject object = objects.remove(inode);
        if (object != null) {
            usedBytes -= object.bytes;
        }
        return object;
    }

    /** Sets the bytes an object holds, adjusting the total. */
    void resize(CachedObject object, long bytes) {
        usedBytes += bytes - object.bytes;
        object.bytes = bytes;
    }

    /** Marks the object most recently used. */
    void touch(CachedObject object) {
        objects.remove(object.inode);
        objects.put(object.inode, object);
    }

    /** Forgets an object that holds nothing and is pinned by nothing. */
    void forgetIfIdle(CachedObject object) {
        if (!object.present && !object.dirty && !object.lost && object.recall == null && object.openCount == 0) {
            objects.remove(object.inode);
        }
    }

    /**
     * Evicts least recently used clean objects (never {@code except}) until {@code needed} more bytes fit.
     *
     * @throws CacheFullException when nothing more can be evicted
     */
    void makeRoom(long needed, CachedObject except) {
        Iterator<CachedObject> candidates = new ArrayList<>(objects.values()).iterator();
        while (usedBytes + needed > maxBytes) {
            CachedObject victim = null;
            while (candidates.hasNext() && victim == null) {
                CachedObject candidate = candidates.next();
                if (candidate != except && evictable(candidate)) {
                    victim = candidate;
                }
            }
            if (victim == null) {
                throw new CacheFullException("cache full: " + usedBytes + " of " + maxBytes + " bytes held by dirty,"
                        + " recalling or open files; " + needed + " more bytes needed");
            }
            evict(victim);
        }
    }

    /** True when the object is clean, complete, not being recalled and not open. */
    static boolean evictable(CachedObject object) {
        return object.present && !object.dirty && object.recall == null && object.openCount == 0;
    }

    /** Deletes an object's file and forgets it; false (logged) when the file cannot be deleted. */
    boolean evict(CachedObject object) {
        ObjectFiles.closeChannel(object);
        try {
            Files.deleteIfExists(files.objectFile(object.inode));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot evict " + files.objectFile(object.inode) + ": " + e.getMessage(), e);
            return false;
        }
        remove(object.inode);
        return true;
    }

    /** Evicts the inode's object if it is evictable; true when evicted. */
    boolean evictIfIdle(long inode) {
        CachedObject object = objects.get(inode);
        return object != null && evictable(object) && evict(object);
    }

    /** Evicts every evictable object; returns how many. */
    int evictAllIdle() {
        int evicted = 0;
        for (CachedObject object : new ArrayList<>(objects.values())) {
            if (evictable(object) && evict(object)) {
                evicted++;
            }
        }
        return evicted;
    }
}

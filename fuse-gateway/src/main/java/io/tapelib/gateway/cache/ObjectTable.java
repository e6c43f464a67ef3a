package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.function.Predicate;
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
    private final Condition changed;
    /** Least recently used first (insertion order; {@link #touch} moves an object to the end). */
    private final Map<Long, CachedObject> objects = new LinkedHashMap<>();
    private long usedBytes;

    /**
     * @param changed the store's condition: signalled here whenever bytes are given back, so that writers and
     *                recalls waiting for room ({@link #awaitRoom}) look again
     */
    ObjectTable(long maxBytes, ObjectFiles files, Condition changed) {
        this.maxBytes = maxBytes;
        this.files = files;
        this.changed = changed;
    }

    /** Wakes every waiter: something changed that may make room (a handle closed, a file became clean). */
    void signal() {
        changed.signalAll();
    }

    long maxBytes() {
        return maxBytes;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** Tracks the complete objects a start-up scan found, in the order given (least recently used first). */
    void load(List<java.nio.file.Path> complete) throws IOException {
        for (java.nio.file.Path file : complete) {
            CachedObject object = entry(Long.parseLong(file.getFileName().toString()));
            object.present = true;
            resize(object, Files.size(file));
        }
    }

    /** The tracked object, or null. */
    CachedObject get(long inode) {
        return objects.get(inode);
    }

    /** The tracked object, tracking a new, empty one if needed. */
    CachedObject entry(long inode) {
        return objects.computeIfAbsent(inode, CachedObject::new);
    }

    /** True when the inode is tracked and its object is in the given state. */
    boolean matches(long inode, Predicate<CachedObject> state) {
        CachedObject object = objects.get(inode);
        return object != null && state.test(object);
    }

    /** The complete objects, least recently used first. */
    List<StoredObject> stored() {
        return objects.values().stream().filter(o -> o.present).map(o -> new StoredObject(o.inode, o.bytes, o.dirty))
                .toList();
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
            changed.signalAll();
        }
        return object;
    }

    /** Sets the bytes an object holds, adjusting the total. */
    void resize(CachedObject object, long bytes) {
        if (bytes < object.bytes) {
            changed.signalAll();
        }
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
        if (usedBytes + needed <= maxBytes) {
            return;   // the common case: no copy of the eviction order (O(objects)) on every growing write
        }
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
                throw new CacheFullException("cache full: " + needed + " more bytes needed; " + holders());
            }
            evict(victim);
        }
    }

    /**
     * Like {@link #makeRoom}, but waits (on the store's condition, releasing its lock) for eviction to become
     * possible: a handle closing, a dirty file migrated, a recall ending.
     *
     * @param deadlineNanos System.nanoTime() after which it gives up
     * @throws CacheFullException when the deadline passed first; the message names the cap and what holds the space
     */
    void awaitRoom(long needed, CachedObject except, long deadlineNanos) {
        while (true) {
            try {
                makeRoom(needed, except);
                return;
            } catch (CacheFullException e) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    throw e;
                }
                try {
                    changed.awaitNanos(remaining);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CacheFullException(e.getMessage() + " (interrupted while waiting for room)");
                }
            }
        }
    }

    /** Bytes that evicting every evictable object (not {@code except}) plus the free space would give. */
    long obtainable(CachedObject except) {
        long evictable = objects.values().stream().filter(o -> o != except && evictable(o)).mapToLong(o -> o.bytes)
                .sum();
        return maxBytes - usedBytes + evictable;
    }

    /** What holds the cache's space, for the one log line of a full cache. */
    String holders() {
        long dirty = 0;
        long recalling = 0;
        long open = 0;
        int dirtyFiles = 0;
        int recalls = 0;
        int openFiles = 0;
        for (CachedObject object : objects.values()) {
            if (object.recall != null) {
                recalling += object.bytes;
                recalls++;
            } else if (object.dirty) {
                dirty += object.bytes;
                dirtyFiles++;
            } else if (object.openCount > 0) {
                open += object.bytes;
                openFiles++;
            }
        }
        return "CACHE_MAX_BYTES is " + maxBytes + " bytes, " + usedBytes + " used: " + dirty + " by " + dirtyFiles
                + " dirty files (not yet on tape), " + recalling + " by " + recalls + " recalls in progress, " + open
                + " by " + openFiles + " other open files";
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

package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.function.LongPredicate;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's disk cache (shared/DESIGN.md sections 2 and 7): one object file per inode under
 * {@code CACHE_DIR/objects/<inode id>} (never named by path, so renames never touch it), size accounting
 * against {@code CACHE_MAX_BYTES}, eviction of the least recently used clean objects (dirty, recalling and open
 * objects are pinned), read-while-recall range tracking, and a dirty journal ({@code <id>.dirty}) so that dirty
 * files survive a lost catalog. A recall writes to {@code <id>.part}, renamed to {@code <id>} when complete, so
 * a crash never leaves a half-recalled object that looks complete.
 *
 * <p>Thread-safe: bookkeeping under one lock, file I/O outside it (positional FileChannel I/O is thread-safe).
 * Callers pin an object with {@link #acquire} while a handle is open and {@link #release} it when closed.
 */
public final class CacheStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    private static final String PART_SUFFIX = ".part";
    /** File in the cache directory naming the catalog whose inode ids the objects are named by. */
    static final String IDENTITY_FILE = "catalog-identity";

    private final Path objectsDirectory;
    private final long maxBytes;
    private final DirtyJournal journal;
    private final SetAside setAside;
    private final LongPredicate contentIsDirty;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Least recently used first (insertion order; {@link #touch} moves an object to the end). */
    private final Map<Long, CachedObject> objects = new LinkedHashMap<>();
    private final RecallTarget recallTarget = new Recalls();
    private long usedBytes;

    /**
     * Opens a cache that belongs to no catalog (tools and tests): no identity check, and {@link #markClean} trusts
     * its caller. The gateway uses {@link #CacheStore(Path, long, String, LongPredicate)}.
     *
     * @param maxBytes CACHE_MAX_BYTES: the most bytes the objects may take
     * @throws CacheException when the directory cannot be created or read
     */
    public CacheStore(Path cacheDirectory, long maxBytes) {
        this(cacheDirectory, maxBytes, null, inode -> false);
    }

    /**
     * Opens the cache under {@code cacheDirectory} for one catalog, creating it if needed.
     *
     * <p>The objects are named by that catalog's inode ids, so the cache records the catalog's identity in
     * {@code CACHE_DIR/catalog-identity}. When the file names another catalog (a rebuilt or replaced one: its inode
     * ids mean other files), or is missing while objects exist, every object and journal is moved to
     * {@code CACHE_DIR/set-aside/<UTC time>-other-catalog/} (logged; never deleted: a dirty object may be the only
     * copy of a file) and the cache starts empty.
     *
     * <p>Objects left complete are kept (oldest modification first in the eviction order), half-recalled
     * {@code .part} files are deleted, dirty journals pin their objects. Comparing the objects with the catalog's
     * rows is the caller's start-up step (the namespace's reconciliation).
     *
     * @param maxBytes         CACHE_MAX_BYTES: the most bytes the objects may take
     * @param catalogIdentity  the owning catalog's identity (Catalog.identity()), or null to skip the check
     * @param contentIsDirty   asks the catalog whether an inode's row is dirty; {@link #markClean} keeps the journal
     *                         of a file that became dirty again after its migration was recorded
     * @throws CacheException when the directory cannot be created, read or set aside
     */
    public CacheStore(Path cacheDirectory, long maxBytes, String catalogIdentity, LongPredicate contentIsDirty) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive, got " + maxBytes + " bytes");
        }
        this.objectsDirectory = cacheDirectory.resolve("objects");
        this.maxBytes = maxBytes;
        this.journal = new DirtyJournal(objectsDirectory);
        this.setAside = new SetAside(cacheDirectory, Clock.systemUTC());
        this.contentIsDirty = contentIsDirty;
        try {
            if (catalogIdentity != null) {
                claimFor(cacheDirectory, catalogIdentity);
            }
            Files.createDirectories(objectsDirectory);
            scan();
        } catch (IOException e) {
            throw new CacheException("cannot open cache " + cacheDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Makes the cache directory belong to the catalog {@code identity}, setting aside another catalog's objects. */
    private void claimFor(Path cacheDirectory, String identity) throws IOException {
        Files.createDirectories(cacheDirectory);
        Path identityFile = cacheDirectory.resolve(IDENTITY_FILE);
        String recorded = Files.exists(identityFile)
                ? Files.readString(identityFile, StandardCharsets.UTF_8).trim() : null;
        if (identity.equals(recorded)) {
            return;
        }
        if (Files.isDirectory(objectsDirectory) && !isEmpty(objectsDirectory)) {
            Path target = setAside.newDirectory("other-catalog").resolve("objects");
            Files.move(objectsDirectory, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.WARNING, "The cache {0} belonged to catalog {1}, not to this catalog {2}: its objects and"
                    + " dirty journals were moved to {3} (dirty ones may be the only copy of a file; inspect them, then"
                    + " delete them by hand); starting with an empty cache",
                    new Object[] {cacheDirectory, recorded == null ? "(unrecorded)" : recorded, identity, target});
        }
        Path temporary = cacheDirectory.resolve(IDENTITY_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((identity + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, identityFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            return !files.iterator().hasNext();
        }
    }

    private void scan() throws IOException {
        List<Path> complete = new ArrayList<>();
        List<Path> journals = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(objectsDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PART_SUFFIX) || name.endsWith(".tmp")) {
                    Files.delete(file);
                } else if (name.endsWith(DirtyJournal.SUFFIX)) {
                    journals.add(file);
                } else if (name.chars().allMatch(Character::isDigit)) {
                    complete.add(file);
                }
            }
        }
        complete.sort(Comparator.comparing(file -> {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                throw new CacheException("cannot stat " + file + ": " + e.getMessage(), e);
            }
        }));
        for (Path file : complete) {
            CachedObject object = entry(Long.parseLong(file.getFileName().toString()));
            object.present = true;
            object.bytes = Files.size(file);
            usedBytes += object.bytes;
        }
        for (Path file : journals) {
            String name = file.getFileName().toString();
            long inode = Long.parseLong(name.substring(0, name.length() - DirtyJournal.SUFFIX.length()));
            CachedObject object = entry(inode);
            object.dirty = true;
            if (!object.present) {
                LOG.log(Level.SEVERE, "dirty journal {0} names a file whose data is missing from the cache", file);
            }
        }
    }

    /** The directory holding the object files. */
    public Path objectsDirectory() {
        return objectsDirectory;
    }

    /**
     * The file holding an inode's cached content (present or not): what a migration reads. Named by inode
     * id, never by path (shared/DESIGN.md section 2).
     */
    public Path objectPath(long inode) {
        return objectFile(inode);
    }

    /** Bytes the cached objects take (complete, dirty and reserved for recalls in progress). */
    public long usedBytes() {
        return locked(() -> usedBytes);
    }

    /** CACHE_MAX_BYTES, bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** True when a complete copy of the inode's content is in the cache. */
    public boolean isPresent(long inode) {
        return locked(() -> {
            CachedObject object = objects.get(inode);
            return object != null && object.present;
        });
    }

    /** True while a recall of the inode is in progress. */
    public boolean isRecalling(long inode) {
        return locked(() -> {
            CachedObject object = objects.get(inode);
            return object != null && object.recall != null;
        });
    }

    /** True when the object has a dirty journal (its only current copy is here). */
    public boolean isDirty(long inode) {
        return locked(() -> {
            CachedObject object = objects.get(inode);
            return object != null && object.dirty;
        });
    }

    /** Pins the object while a handle on it is open. */
    public void acquire(long inode) {
        locked(() -> entry(inode).openCount++);
    }

    /** Unpins the object when a handle closes; closes its file when no handle and no recall use it. */
    public void release(long inode) {
        lock.lock();
        try {
            CachedObject object = objects.get(inode);
            if (object == null || object.openCount == 0) {
                return;
            }
            object.openCount--;
            if (object.openCount == 0 && object.recall == null) {
                closeChannel(object);
                forgetIfIdle(object);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates an empty object (or empties an existing one, cancelling a recall in progress), for a new file or an
     * open with O_TRUNC.
     *
     * @throws CacheException on a local I/O error
     */
    public void create(long inode) {
        lock.lock();
        try {
            CachedObject object = entry(inode);
            if (object.recall != null) {
                failRecall(object, "the file was truncated through the mount while being recalled");
            }
            if (object.channel != null) {
                // Other handles keep using the open channel: empty it rather than replace it.
                object.channel.truncate(0);
                object.channel.force(true);
            } else {
                try (FileChannel channel = FileChannel.open(objectFile(inode), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.force(true);
                }
            }
            usedBytes -= object.bytes;
            object.bytes = 0;
            object.present = true;
            touch(object);
        } catch (IOException e) {
            throw new CacheException("cannot create cache object " + objectFile(inode) + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads up to {@code size} bytes at {@code offset} of a complete object or of a recall in progress (the caller
     * has waited for the range with {@link #awaitRange}).
     *
     * @return bytes read, 0 at end of file
     * @throws CacheException when the object is not cached, or on a local I/O error
     */
    public int read(long inode, ByteBuffer destination, long offset, int size) {
        FileChannel channel = locked(() -> {
            CachedObject object = objects.get(inode);
            if (object == null || (!object.present && object.recall == null)) {
                throw new CacheException("inode " + inode + " is not in the cache");
            }
            touch(object);
            return channel(object);
        });
        ByteBuffer window = destination.slice();
        window.limit(Math.min(size, window.remaining()));
        int total = 0;
        try {
            while (window.hasRemaining()) {
                int read = channel.read(window, offset + total);
                if (read <= 0) {
                    break;
                }
                total += read;
            }
        } catch (IOException e) {
            throw new CacheException("cannot read cache object of inode " + inode + ": " + e.getMessage(), e);
        }
        destination.position(destination.position() + total);
        return total;
    }

    /**
     * Writes the remaining bytes of {@code source} at {@code offset} into a complete object, evicting clean objects
     * when the cache needs room.
     *
     * @return bytes written
     * @throws CacheFullException when nothing more can be evicted
     * @throws CacheException     when the object is not cached, or on a local I/O error
     */
    public int write(long inode, ByteBuffer source, long offset) {
        long end = offset + source.remaining();
        FileChannel channel = locked(() -> {
            CachedObject object = objects.get(inode);
            if (object == null || !object.present) {
                throw new CacheException("inode " + inode + " is not in the cache");
            }
            if (end > object.bytes) {
                makeRoom(end - object.bytes, object);
                usedBytes += end - object.bytes;
                object.bytes = end;
            }
            touch(object);
            return channel(object);
        });
        int total = 0;
        try {
            while (source.hasRemaining()) {
                total += channel.write(source, offset + total);
            }
        } catch (IOException e) {
            throw new CacheException("cannot write cache object of inode " + inode + ": " + e.getMessage(), e);
        }
        return total;
    }

    /**
     * Sets a complete object's size, bytes (growing leaves a hole that reads as zeros).
     *
     * @throws CacheFullException when growing needs room that cannot be made
     * @throws CacheException     when the object is not cached, or on a local I/O error
     */
    public void truncate(long inode, long size) {
        lock.lock();
        try {
            CachedObject object = objects.get(inode);
            if (object == null || !object.present) {
                throw new CacheException("inode " + inode + " is not in the cache");
            }
            if (size > object.bytes) {
                makeRoom(size - object.bytes, object);
            }
            FileChannel channel = channel(object);
            if (size < channel.size()) {
                channel.truncate(size);
            } else if (size > channel.size()) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
            usedBytes += size - object.bytes;
            object.bytes = size;
            closeChannelIfUnused(object);
        } catch (IOException e) {
            throw new CacheException("cannot truncate cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forces the object's bytes to stable storage (fsync), as flush and release of a written file require
     * (DESIGN section 7: a write that returned success survives a crash).
     *
     * @throws CacheException on a local I/O error
     */
    public void sync(long inode) {
        FileChannel channel = locked(() -> {
            CachedObject object = objects.get(inode);
            return object == null || !object.present ? null : channel(object);
        });
        if (channel == null) {
            return;
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new CacheException("cannot fsync cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            locked(() -> {
                CachedObject object = objects.get(inode);
                if (object != null) {
                    closeChannelIfUnused(object);
                }
                return null;
            });
        }
    }

    /**
     * Marks the object dirty and writes (or rewrites) its journal record durably; dirty objects are never evicted.
     *
     * @throws CacheException on a local I/O error
     */
    public void markDirty(DirtyRecord record) {
        lock.lock();
        try {
            journal.write(record);
            entry(record.inode()).dirty = true;
        } catch (IOException e) {
            throw new CacheException("cannot write dirty journal of inode " + record.inode() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the object clean (migrated): its journal is removed and it may be evicted. Does nothing when the
     * catalog's row is dirty again (a write after the migration was recorded dirties the row before it touches
     * the object): the check runs under the cache's lock, which a write's journal update also takes, so either
     * this call sees the dirty row or the write re-creates the journal after it.
     *
     * @return true when the journal was removed; false when the file is dirty again and keeps it
     * @throws CacheException on a local I/O error
     */
    public boolean markClean(long inode) {
        lock.lock();
        try {
            if (contentIsDirty.test(inode)) {
                LOG.log(Level.FINE, "inode {0} changed after its migration was recorded; its journal stays", inode);
                return false;
            }
            journal.delete(inode);
            CachedObject object = objects.get(inode);
            if (object != null) {
                object.dirty = false;
                forgetIfIdle(object);
            }
            return true;
        } catch (IOException e) {
            throw new CacheException("cannot remove dirty journal of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The dirty journal's records, read from disk: what must reach tape, also when the catalog is lost.
     * Unreadable records are logged and skipped.
     */
    public List<DirtyRecord> dirtyRecords() {
        List<Long> dirty = locked(() -> objects.values().stream().filter(o -> o.dirty).map(o -> o.inode).toList());
        List<DirtyRecord> records = new ArrayList<>();
        for (long inode : dirty) {
            try {
                records.add(journal.read(journal.file(inode)));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "unreadable dirty journal of inode " + inode + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /**
     * The complete objects (present, not being recalled), in eviction order: what start-up reconciliation compares
     * with the catalog.
     */
    public List<StoredObject> storedObjects() {
        return locked(() -> objects.values().stream().filter(o -> o.present)
                .map(o -> new StoredObject(o.inode, o.bytes, o.dirty)).toList());
    }

    /** Inode ids with a dirty journal, whether or not their object is present. */
    public List<Long> dirtyInodes() {
        return locked(() -> objects.values().stream().filter(o -> o.dirty).map(o -> o.inode).toList());
    }

    /**
     * Moves an inode's object and dirty journal to {@code CACHE_DIR/set-aside/<UTC time>-<reason>/} and forgets
     * them (logged; never deleted): for a journal whose inode the catalog no longer has, whose bytes may be the
     * only copy of a file.
     *
     * @param reason a short word for the directory name, e.g. "orphans"
     * @return the directory the files went to
     * @throws CacheException on a local I/O error
     */
    public Path setAside(long inode, String reason) {
        lock.lock();
        try {
            Path target = setAside.newDirectory(reason);
            CachedObject object = objects.remove(inode);
            if (object != null) {
                if (object.recall != null) {
                    failRecall(object, "the object was set aside");
                }
                closeChannel(object);
                usedBytes -= object.bytes;
            }
            for (Path file : List.of(objectFile(inode), journal.file(inode))) {
                if (Files.exists(file)) {
                    Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            LOG.log(Level.WARNING, "cache object and dirty journal of inode {0} moved to {1}",
                    new Object[] {inode, target});
            return target;
        } catch (IOException e) {
            throw new CacheException("cannot set aside cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes an inode's object, journal and any recall in progress (the file was unlinked or replaced).
     *
     * @throws CacheException on a local I/O error
     */
    public void delete(long inode) {
        lock.lock();
        try {
            CachedObject object = objects.remove(inode);
            if (object != null) {
                if (object.recall != null) {
                    failRecall(object, "the file was deleted while being recalled");
                }
                closeChannel(object);
                usedBytes -= object.bytes;
            }
            Files.deleteIfExists(objectFile(inode));
            Files.deleteIfExists(partFile(inode));
            journal.delete(inode);
        } catch (IOException e) {
            throw new CacheException("cannot delete cache object of inode " + inode + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evicts one object if it is clean, complete and not open.
     *
     * @return true when evicted
     */
    public boolean evict(long inode) {
        lock.lock();
        try {
            CachedObject object = objects.get(inode);
            return object != null && evictable(object) && evictLocked(object);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evicts every clean, complete object that is not open (an operator action: {@code /api/v1/cache/evict}).
     *
     * @return number of objects evicted
     */
    public int evictAll() {
        lock.lock();
        try {
            int evicted = 0;
            for (CachedObject object : new ArrayList<>(objects.values())) {
                if (evictable(object) && evictLocked(object)) {
                    evicted++;
                }
            }
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Where a recall puts the bytes it reads from tape. */
    public RecallTarget recallTarget() {
        return recallTarget;
    }

    /**
     * Starts a recall of an inode unless its object is complete or a recall is already running: reserves
     * {@code length} bytes (evicting clean objects) and makes readers wait on it.
     *
     * @param length the file's length, bytes
     * @return true when this call started the recall (the caller then asks the controller for it)
     * @throws CacheFullException when the cache cannot make room
     */
    public boolean startRecall(long inode, long length) {
        lock.lock();
        try {
            CachedObject object = entry(inode);
            if (object.present || object.recall != null) {
                return false;
            }
            beginRecall(object, length);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until bytes [offset, offset + length) of the inode are in the cache (clipped to the file's length),
     * the recall fails, or {@code timeout} passes.
     */
    public RangeWait awaitRange(long inode, long offset, long length, Duration timeout) {
        return await(inode, offset, length, timeout);
    }

    /**
     * Waits until the inode's object is complete (a recall of the whole file has ended), the recall fails, or
     * {@code timeout} passes: what a write to a file that is only on tape needs first.
     */
    public RangeWait awaitComplete(long inode, Duration timeout) {
        return await(inode, 0, -1, timeout);
    }

    /** Waits for [offset, offset + length) or, with a negative length, for the complete object. */
    private RangeWait await(long inode, long offset, long length, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                CachedObject object = objects.get(inode);
                if (object == null) {
                    return RangeWait.of(RangeWait.Outcome.ABSENT);
                }
                if (object.present) {
                    return RangeWait.of(RangeWait.Outcome.PRESENT);
                }
                if (object.recall == null) {
                    return object.failure != null ? new RangeWait(RangeWait.Outcome.FAILED, object.failure)
                            : RangeWait.of(RangeWait.Outcome.ABSENT);
                }
                long end = Math.min(offset + length, object.recall.length);
                if (length >= 0 && object.recall.ranges.contains(Math.min(offset, end), end)) {
                    return RangeWait.of(RangeWait.Outcome.PRESENT);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return RangeWait.of(RangeWait.Outcome.TIMED_OUT);
                }
                changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RangeWait.of(RangeWait.Outcome.TIMED_OUT);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (CachedObject object : objects.values()) {
                closeChannel(object);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- internals (all called with the lock held) ----------------------------------------------------------------

    private void beginRecall(CachedObject object, long length) {
        makeRoom(length, object);
        try {
            closeChannel(object);
            object.channel = FileChannel.open(partFile(object.inode), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CacheException("cannot create " + partFile(object.inode) + ": " + e.getMessage(), e);
        }
        usedBytes += length - object.bytes;
        object.bytes = length;
        object.failure = null;
        object.recall = new Recall(length);
        touch(object);
        changed.signalAll();
    }

    private void failRecall(CachedObject object, String reason) {
        object.recall = null;
        object.failure = reason;
        closeChannel(object);
        try {
            Files.deleteIfExists(partFile(object.inode));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + partFile(object.inode) + ": " + e.getMessage(), e);
        }
        usedBytes -= object.bytes;
        object.bytes = 0;
        changed.signalAll();
    }

    private void makeRoom(long needed, CachedObject except) {
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
            evictLocked(victim);
        }
    }

    private static boolean evictable(CachedObject object) {
        return object.present && !object.dirty && object.recall == null && object.openCount == 0;
    }

    private boolean evictLocked(CachedObject object) {
        closeChannel(object);
        try {
            Files.deleteIfExists(objectFile(object.inode));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot evict " + objectFile(object.inode) + ": " + e.getMessage(), e);
            return false;
        }
        objects.remove(object.inode);
        usedBytes -= object.bytes;
        return true;
    }

    private CachedObject entry(long inode) {
        return objects.computeIfAbsent(inode, CachedObject::new);
    }

    private void touch(CachedObject object) {
        objects.remove(object.inode);
        objects.put(object.inode, object);
    }

    private void forgetIfIdle(CachedObject object) {
        if (!object.present && !object.dirty && object.recall == null && object.openCount == 0) {
            objects.remove(object.inode);
        }
    }

    private FileChannel channel(CachedObject object) {
        if (object.channel == null) {
            Path file = object.recall != null ? partFile(object.inode) : objectFile(object.inode);
            try {
                object.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new CacheException("cannot open cache object " + file + ": " + e.getMessage(), e);
            }
        }
        return object.channel;
    }

    private void closeChannelIfUnused(CachedObject object) {
        if (object.openCount == 0 && object.recall == null) {
            closeChannel(object);
        }
    }

    private static void closeChannel(CachedObject object) {
        if (object.channel != null) {
            try {
                object.channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing cache object of inode " + object.inode + ": " + e.getMessage(), e);
            }
            object.channel = null;
        }
    }

    private Path objectFile(long inode) {
        return objectsDirectory.resolve(Long.toString(inode));
    }

    private Path partFile(long inode) {
        return objectsDirectory.resolve(inode + PART_SUFFIX);
    }

    private <T> T locked(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Receives recalled bytes; see {@link RecallTarget}. */
    private final class Recalls implements RecallTarget {
        @Override
        public void begin(long inode, long length) {
            lock.lock();
            try {
                CachedObject object = entry(inode);
                if (object.recall != null && object.recall.length == length) {
                    return;
                }
                if (object.present) {
                    throw new IllegalStateException("inode " + inode + " is already cached; no recall needed");
                }
                beginRecall(object, length);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(long inode, long offset, ByteBuffer bytes) {
            long end = offset + bytes.remaining();
            Recall recall;
            FileChannel channel;
            lock.lock();
            try {
                CachedObject object = objects.get(inode);
                if (object == null || object.recall == null) {
                    throw new IllegalStateException("no recall of inode " + inode + " in progress");
                }
                if (offset < 0 || end > object.recall.length) {
                    throw new IllegalArgumentException("chunk [" + offset + ", " + end + ") outside the file's "
                            + object.recall.length + " bytes");
                }
                recall = object.recall;
                channel = object.channel;
            } finally {
                lock.unlock();
            }
            try {
                for (long position = offset; bytes.hasRemaining(); ) {
                    position += channel.write(bytes, position);
                }
            } catch (IOException e) {
                throw new CacheException("cannot write recalled bytes of inode " + inode + ": " + e.getMessage(), e);
            }
            lock.lock();
            try {
                CachedObject object = objects.get(inode);
                if (object != null && object.recall == recall) {
                    recall.ranges.add(offset, end);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void complete(long inode) {
            lock.lock();
            try {
                CachedObject object = objects.get(inode);
                if (object == null || object.recall == null) {
                    throw new IllegalStateException("no recall of inode " + inode + " in progress");
                }
                if (!object.recall.ranges.contains(0, object.recall.length)) {
                    failRecall(object, "recall ended with bytes missing; received " + object.recall.ranges
                            + " of " + object.recall.length);
                    forgetIfIdle(object);
                    return;
                }
                try {
                    object.channel.force(true);
                    Files.move(partFile(inode), objectFile(inode), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    failRecall(object, "cannot store recalled object: " + e.getMessage());
                    forgetIfIdle(object);
                    throw new CacheException("cannot complete recall of inode " + inode + ": " + e.getMessage(), e);
                }
                object.recall = null;
                object.present = true;
                closeChannelIfUnused(object);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void fail(long inode, String reason) {
            lock.lock();
            try {
                CachedObject object = objects.get(inode);
                if (object != null && object.recall != null) {
                    failRecall(object, reason);
                    forgetIfIdle(object);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** A recall in progress: the file's length and which byte ranges have arrived. */
    private static final class Recall {
        final long length;
        final ByteRanges ranges = new ByteRanges();

        Recall(long length) {
            this.length = length;
        }
    }

    /** Bookkeeping of one inode's object; guarded by the store's lock. */
    private static final class CachedObject {
        final long inode;
        long bytes;
        boolean present;
        boolean dirty;
        int openCount;
        FileChannel channel;
        Recall recall;
        String failure;

        CachedObject(long inode) {
            this.inode = inode;
        }
    }
}

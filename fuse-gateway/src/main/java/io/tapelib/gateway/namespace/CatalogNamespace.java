package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheException;
import io.tapelib.gateway.cache.CacheFullException;
import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.DirtyRecord;
import io.tapelib.gateway.cache.RangeWait;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogException;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.LibraryCapacity;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The merged tree over the catalog and the cache (shared/DESIGN.md sections 1, 5 and 7). Listings, attributes
 * and extended attributes come from the catalog only; content comes from the cache; an offline file's content
 * is recalled on its first read, and read waits for the bytes it needs, at most the recall timeout, then EIO.
 * Writes go to the cache and make the file dirty (the write-back migrates it later).
 *
 * <p>Crash safety (DESIGN section 7): before a cached object is created, truncated or written, the catalog row
 * and the dirty journal say "dirty", so a crash never leaves changed bytes looking like a clean copy of the tape's;
 * {@link CacheReconciliation} settles what a crash left half done, once at start-up.
 *
 * <p>Errors: every method throws {@link NamespaceException}; catalog and cache failures become EIO, a full
 * cache ENOSPC, a file growing beyond the largest cartridge's capacity EFBIG (DESIGN section 5: a file never
 * spans tapes). Thread-safe: handles live in a concurrent map; the catalog and cache serialise their own state.
 */
public final class CatalogNamespace implements Namespace {
    /** Extended attribute: cached, dirty, recalling, offline or lost (dirty, its content gone from the cache). */
    public static final String STATE_XATTR = "user.tapelib.state";
    /** Extended attribute: comma-separated volume tags of the tapes holding the current content. */
    public static final String TAPES_XATTR = "user.tapelib.tapes";
    /** Extended attribute: logical block where the file's first extent starts on its first tape. */
    public static final String START_BLOCK_XATTR = "user.tapelib.startblock";
    /** Extended attribute: SHA-256 (hex) of the content, when a migration recorded it. */
    public static final String SHA256_XATTR = "user.tapelib.sha256";

    private final Catalog catalog;
    private final CacheStore cache;
    private final RecallRequester recalls;
    private final Clock clock;
    private final NamespaceConfig config;
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Map<Long, OpenFile> handles = new ConcurrentHashMap<>();

    /**
     * @param catalog the merged tree
     * @param cache   the cache opened for this catalog
     * @param recalls asked once per recall to bring an offline file's content from tape
     * @param clock   source of modify, change and dirty times
     * @param config  recall timeout and name length limit
     */
    public CatalogNamespace(Catalog catalog, CacheStore cache, RecallRequester recalls, Clock clock,
                            NamespaceConfig config) {
        this.catalog = catalog;
        this.cache = cache;
        this.recalls = recalls;
        this.clock = clock;
        this.config = config;
    }

    /** One open handle: which inode, whether it may write and has written, and how its recall failed. */
    private static final class OpenFile {
        final long inode;
        final boolean writable;
        volatile boolean written;
        /**
         * Why this handle's recall failed: later reads on the handle fail at once with it, so RECALL_TIMEOUT bounds
         * a reader's wait however many read calls it (or the kernel's read-ahead) makes; a new open tries again.
         */
        volatile String recallFailure;

        OpenFile(long inode, boolean writable) {
            this.inode = inode;
            this.writable = writable;
        }
    }

    // ---- attributes and listings (catalog only) ----------------------------------------------------------------

    @Override
    public FileAttributes getattr(String path) {
        return call("getattr", path, () -> {
            Inode inode = resolve(path);
            long nlink = inode.isDirectory() ? 2 + catalog.subdirectoryCount(inode.id()) : 1;
            return attributes(inode, nlink);
        });
    }

    /** {@inheritDoc} Directories' link counts in the listing are 2 (getattr gives the exact count). */
    @Override
    public List<DirectoryEntry> readdir(String path) {
        return call("readdir", path, () -> {
            Inode directory = resolve(path);
            if (!directory.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path);
            }
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Inode child : catalog.children(directory.id())) {
                entries.add(new DirectoryEntry(child.name(), attributes(child, child.isDirectory() ? 2 : 1)));
            }
            return entries;
        });
    }

    @Override
    public String readlink(String path) {
        return call("readlink", path, () -> {
            Inode inode = resolve(path);
            if (inode.kind() != FileKind.SYMLINK) {
                throw new NamespaceException(Errno.EINVAL, "not a symlink: " + path);
            }
            return inode.symlinkTarget();
        });
    }

    @Override
    public FilesystemStats statfs() {
        return call("statfs", "/", () -> {
            LibraryCapacity capacity = catalog.capacity();
            return new FilesystemStats(capacity.capacityBytes(), capacity.remainingBytes(), catalog.inodeCount(),
                    config.maxNameBytes());
        });
    }

    @Override
    public byte[] getxattr(String path, String name) {
        return call("getxattr", path, () -> {
            Inode inode = resolve(path);
            Optional<byte[]> own = serviceAttribute(inode, name);
            if (own.isPresent()) {
                return own.get();
            }
            for (ExtendedAttribute attribute : catalog.xattrs(inode.id())) {
                if (attribute.name().equals(name)) {
                    return attribute.value().clone();
                }
            }
            throw new NamespaceException(Errno.ENODATA, "no attribute " + name + " on " + path);
        });
    }

    @Override
    public List<String> listxattr(String path) {
        return call("listxattr", path, () -> {
            Inode inode = resolve(path);
            List<String> names = new ArrayList<>();
            for (String name : List.of(STATE_XATTR, TAPES_XATTR, START_BLOCK_XATTR, SHA256_XATTR)) {
                if (serviceAttribute(inode, name).isPresent()) {
                    names.add(name);
                }
            }
            for (ExtendedAttribute attribute : catalog.xattrs(inode.id())) {
                if (!names.contains(attribute.name())) {
                    names.add(attribute.name());
                }
            }
            return names;
        });
    }

    /** The value of one of this service's own attributes, or empty when it does not apply to the inode. */
    private Optional<byte[]> serviceAttribute(Inode inode, String name) {
        String value = switch (name) {
            case STATE_XATTR -> inode.isDirectory() ? null : state(inode);
            case TAPES_XATTR -> {
                List<String> tapes = catalog.volumesOf(inode.id());
                yield tapes.isEmpty() ? null : String.join(",", tapes);
            }
            case START_BLOCK_XATTR -> {
                List<ExtentRecord> extents = inode.isDirectory() ? List.of() : catalog.extents(inode.id());
                yield extents.isEmpty() ? null : Long.toString(extents.get(0).startBlock());
            }
            case SHA256_XATTR -> catalog.sha256(inode.id()).orElse(null);
            default -> null;
        };
        return Optional.ofNullable(value).map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    private String state(Inode inode) {
        if (inode.isDirty()) {
            return cache.isLost(inode.id()) ? "lost" : "dirty";
        }
        if (inode.kind() == FileKind.SYMLINK || inode.size() == 0 || cache.isPresent(inode.id())) {
            return "cached";
        }
        return cache.isRecalling(inode.id()) ? "recalling" : "offline";
    }

    // ---- content -------------------------------------------------------------------------------------------------

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return call("open", path, () -> {
            Inode inode = resolve(path);
            requireFile(inode, path);
            // Pinned before the object is checked or made, so eviction cannot take it in between.
            cache.acquire(inode.id());
            try {
                if (write && truncate) {
                    dirtyBeforeChange(inode.id());
                    cache.create(inode.id());
                    journalIfMissing(catalog.setSize(inode.id(), 0, clock.instant()));
                } else if (write) {
                    makeWholeFileCached(inode, path);
                }
            } catch (RuntimeException e) {
                cache.release(inode.id());
                throw e;
            }
            // Opening for reading recalls nothing: many tools open files they never read (fstat, xattrs,
            // file-type probes), and each would load a cartridge. The first read starts the recall.
            return registerHandle(inode.id(), write);
        });
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        return call("create", path, () -> {
            ParentAndName target = parentAndName(path);
            Inode inode = catalog.createFile(target.parent().id(), target.name(), mode, uid, gid, clock.instant());
            writeJournal(inode);
            cache.acquire(inode.id());
            try {
                cache.create(inode.id());
            } catch (RuntimeException e) {
                cache.release(inode.id());
                throw e;
            }
            return registerHandle(inode.id(), true);
        });
    }

    @Override
    public int read(long handle, ByteBuffer destination, long offset, int size) {
        OpenFile file = openFile(handle);
        return call("read", "inode " + file.inode, () -> {
            Inode inode = catalog.get(file.inode)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "inode " + file.inode + " was removed"));
            if (offset >= inode.size() || size <= 0) {
                return 0;
            }
            int wanted = (int) Math.min(size, inode.size() - offset);
            requireNotLost(inode, "inode " + inode.id());
            if (needsRecall(inode)) {
                String failed = file.recallFailure;
                if (failed != null) {
                    throw new NamespaceException(Errno.EIO, failed);
                }
                try {
                    waitForRange(inode, offset, wanted);
                } catch (NamespaceException e) {
                    file.recallFailure = e.getMessage();
                    throw e;
                }
            }
            return cache.read(inode.id(), destination, offset, wanted);
        });
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        OpenFile file = openFile(handle);
        if (!file.writable) {
            throw new NamespaceException(Errno.EBADF, "handle " + handle + " is not open for writing");
        }
        return call("write", "inode " + file.inode, () -> {
            ByteBuffer bytes = source.slice();
            bytes.limit(Math.min(size, bytes.remaining()));
            requireFitsOnATape(offset + bytes.remaining(), "inode " + file.inode);
            dirtyBeforeChange(file.inode);
            int written = cache.write(file.inode, bytes, offset);
            source.position(source.position() + written);
            journalIfMissing(catalog.recordWrite(file.inode, offset + written, clock.instant()));
            file.written = true;
            return written;
        });
    }

    @Override
    public void flush(long handle) {
        OpenFile file = openFile(handle);
        call("flush", "inode " + file.inode, () -> {
            persist(file);
            return null;
        });
    }

    @Override
    public void release(long handle) {
        OpenFile file = handles.remove(handle);
        if (file == null) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
        try {
            call("release", "inode " + file.inode, () -> {
                persist(file);
                return null;
            });
        } finally {
            cache.release(file.inode);
        }
    }

    /** Makes written bytes durable (fsync) and brings the dirty journal's size and times up to date. */
    private void persist(OpenFile file) {
        if (!file.written) {
            return;
        }
        cache.sync(file.inode);
        catalog.get(file.inode).filter(Inode::isDirty).ifPresent(this::writeJournal);
    }

    @Override
    public void truncate(String path, long size) {
        call("truncate", path, () -> {
            if (size < 0) {
                throw new NamespaceException(Errno.EINVAL, "negative size " + size + " for " + path);
            }
            Inode inode = resolve(path);
            requireFile(inode, path);
            requireFitsOnATape(size, path);
            cache.acquire(inode.id());
            try {
                if (size == 0) {
                    dirtyBeforeChange(inode.id());
                    cache.create(inode.id());
                } else {
                    makeWholeFileCached(inode, path);
                    dirtyBeforeChange(inode.id());
                    cache.truncate(inode.id(), size);
                }
                journalIfMissing(catalog.setSize(inode.id(), size, clock.instant()));
            } finally {
                cache.release(inode.id());
            }
            return null;
        });
    }

    // ---- tree changes -----------------------------------------------------------------------------------------

    @Override
    public void mkdir(String path, int mode, int uid, int gid) {
        call("mkdir", path, () -> {
            ParentAndName target = parentAndName(path);
            catalog.mkdir(target.parent().id(), target.name(), mode, uid, gid, clock.instant());
            return null;
        });
    }

    @Override
    public void unlink(String path) {
        call("unlink", path, () -> {
            ParentAndName target = parentAndName(path);
            Inode removed = catalog.unlink(target.parent().id(), target.name(), clock.instant());
            cache.delete(removed.id());
            return null;
        });
    }

    @Override
    public void rmdir(String path) {
        call("rmdir", path, () -> {
            if (components(path).isEmpty()) {
                throw new NamespaceException(Errno.EBUSY, "cannot remove the root directory");
            }
            ParentAndName target = parentAndName(path);
            catalog.rmdir(target.parent().id(), target.name(), clock.instant());
            return null;
        });
    }

    @Override
    public void rename(String from, String to) {
        call("rename", from + " -> " + to, () -> {
            if (components(from).isEmpty() || components(to).isEmpty()) {
                throw new NamespaceException(Errno.EBUSY, "cannot rename the root directory");
            }
            ParentAndName source = parentAndName(from);
            ParentAndName target = parentAndName(to);
            Optional<Inode> replaced = catalog.rename(source.parent().id(), source.name(), target.parent().id(),
                    target.name(), clock.instant());
            replaced.ifPresent(inode -> cache.delete(inode.id()));
            Inode moved = catalog.lookup(target.parent().id(), target.name()).orElseThrow(
                    () -> new NamespaceException(Errno.EIO, "renamed entry vanished: " + to));
            rewriteJournalPaths(moved.id());
            return null;
        });
    }

    @Override
    public void chmod(String path, int mode) {
        call("chmod", path, () -> {
            Inode changed = catalog.setMode(resolve(path).id(), mode, clock.instant());
            refreshJournal(changed);
            return null;
        });
    }

    @Override
    public void chown(String path, int uid, int gid) {
        call("chown", path, () -> {
            Inode changed = catalog.setOwner(resolve(path).id(), uid, gid, clock.instant());
            refreshJournal(changed);
            return null;
        });
    }

    @Override
    public void utimens(String path, Instant atime, Instant mtime) {
        call("utimens", path, () -> {
            Inode changed = catalog.setTimes(resolve(path).id(), atime, mtime, clock.instant());
            refreshJournal(changed);
            return null;
        });
    }

    @Override
    public void symlink(String target, String linkPath, int uid, int gid) {
        call("symlink", linkPath, () -> {
            ParentAndName link = parentAndName(linkPath);
            catalog.symlink(link.parent().id(), link.name(), target, uid, gid, clock.instant());
            return null;
        });
    }

    // ---- recall ----------------------------------------------------------------------------------------------------

    /** True when the content must come from tape: clean, not empty, not (completely) in the cache. */
    private boolean needsRecall(Inode inode) {
        return !inode.isDirty() && inode.size() > 0 && !cache.isPresent(inode.id());
    }

    /** Starts a recall unless one runs; asks the tiering for it exactly once per recall. */
    private void startRecall(Inode inode, String what, long from) {
        if (cache.startRecall(inode.id(), inode.size(), from, config.recallTimeout())) {
            requestRecall(inode, what);
        }
    }

    private void requestRecall(Inode inode, String what) {
        try {
            recalls.requestRecall(inode.id());
        } catch (RuntimeException e) {
            cache.recallTarget().fail(inode.id(), "recall request failed: " + e.getMessage());
            throw new NamespaceException(Errno.EIO, "cannot request recall of " + what + ": " + e.getMessage(), e);
        }
    }

    /** Waits for bytes [offset, offset + length) of an offline file, (re)starting its recall when none runs. */
    private void waitForRange(Inode inode, long offset, long length) {
        Instant deadline = clock.instant().plus(config.recallTimeout());
        awaitRecall(inode, "inode " + inode.id(), deadline, offset, remaining -> cache.awaitRange(inode.id(), offset,
                length, remaining));
    }

    /** Before writing into a clean file: its whole content must be in the cache. */
    private void makeWholeFileCached(Inode inode, String path) {
        if (inode.isDirty() || cache.isPresent(inode.id())) {
            return;
        }
        if (inode.size() == 0) {
            cache.create(inode.id());
            return;
        }
        Instant deadline = clock.instant().plus(config.recallTimeout());
        awaitRecall(inode, path, deadline, 0, remaining -> cache.awaitComplete(inode.id(), remaining));
        if (!cache.isPresent(inode.id())) {
            // The range was there but the recall had not been completed yet: wait for it within the same bound.
            awaitRecall(inode, path, deadline, 0, remaining -> cache.awaitComplete(inode.id(), remaining));
        }
    }

    /**
     * Waits for a recall, starting it (from {@code from}) if none runs. The cache bounds the wait by the recall's
     * own patience too, so a reader making many calls waits RECALL_TIMEOUT from the recall's start, not per call.
     */
    private void awaitRecall(Inode inode, String what, Instant deadline, long from,
                             java.util.function.Function<Duration, RangeWait> waiter) {
        for (int attempt = 0; ; attempt++) {
            startRecall(inode, what, from);
            Duration remaining = Duration.between(clock.instant(), deadline);
            RangeWait wait = waiter.apply(remaining.isNegative() ? Duration.ZERO : remaining);
            switch (wait.outcome()) {
                case PRESENT:
                    return;
                case FAILED:
                    throw new NamespaceException(Errno.EIO, "recall of " + what + " failed: " + wait.failure());
                case TIMED_OUT:
                    throw new NamespaceException(Errno.EIO, "recall of " + what + " did not deliver the bytes within "
                            + config.recallTimeout());
                case EVICTED:
                    if (attempt < 2 && cache.restartRecall(inode.id(), from, config.recallTimeout())) {
                        requestRecall(inode, what);
                        break;
                    }
                    throw new NamespaceException(Errno.EIO, "recall of " + what + ": " + wait.failure());
                case ABSENT:
                    if (attempt > 0) {
                        throw new NamespaceException(Errno.EIO, "recall of " + what + " ended without the bytes");
                    }
                    break;
                default:
                    throw new IllegalStateException("unexpected " + wait);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Registers a handle on an inode the caller has already pinned with {@link CacheStore#acquire}. */
    private long registerHandle(long inode, boolean writable) {
        long handle = nextHandle.getAndIncrement();
        handles.put(handle, new OpenFile(inode, writable));
        return handle;
    }

    private OpenFile openFile(long handle) {
        OpenFile file = handles.get(handle);
        if (file == null) {
            throw new NamespaceException(Errno.EBADF, "no open handle " + handle);
        }
        return file;
    }

    /**
     * Marks the file dirty in the catalog, then in the journal, before its object changes (DESIGN section 7):
     * a crash after this leaves a dirty file, never changed bytes under a clean row.
     */
    private void dirtyBeforeChange(long inode) {
        Inode dirty = catalog.markDirty(inode, clock.instant());
        journalIfMissing(dirty);
    }

    /**
     * Writes the journal when the row is dirty and the cache has none: also after the change, because a migration
     * recorded meanwhile may have removed it (the cache's markClean re-checks the row under its lock, so one of
     * the two always sees the other).
     */
    private void journalIfMissing(Inode inode) {
        if (inode.isDirty() && !cache.isDirty(inode.id())) {
            writeJournal(inode);
        }
    }

    /** A lost file's content never reached tape and is gone from the cache: EIO until it is deleted or truncated. */
    private void requireNotLost(Inode inode, String what) {
        if (inode.isDirty() && cache.isLost(inode.id())) {
            throw new NamespaceException(Errno.EIO, what + " is lost: it was changed through the mount, never reached"
                    + " tape, and its content is gone from the cache; delete it or write it anew (O_TRUNC)");
        }
    }

    /** A file larger than every cartridge fits on none (LTFS has no spanning): EFBIG now, not at migration. */
    private void requireFitsOnATape(long sizeBytes, String what) {
        OptionalLong largest = catalog.largestCartridgeCapacity();
        if (largest.isPresent() && sizeBytes > largest.getAsLong()) {
            throw new NamespaceException(Errno.EFBIG, what + " would grow to " + sizeBytes + " bytes, more than the"
                    + " largest cartridge holds (" + largest.getAsLong() + " bytes); a file never spans tapes");
        }
    }

    private void writeJournal(Inode inode) {
        String path = catalog.pathOf(inode.id()).orElse("?");
        Instant since = inode.dirtySince() != null ? inode.dirtySince() : clock.instant();
        cache.markDirty(new DirtyRecord(inode.id(), path, inode.size(), inode.mode(), inode.uid(), inode.gid(),
                inode.mtime(), since));
    }

    private void refreshJournal(Inode inode) {
        if (inode.isDirty() && cache.isDirty(inode.id())) {
            writeJournal(inode);
        }
    }

    /**
     * After a rename, the dirty journals of the moved file or of the files below the moved directory must name
     * their new paths (they are what a lost catalog is rebuilt from); other journals are untouched.
     */
    private void rewriteJournalPaths(long moved) {
        for (Inode inode : catalog.dirtyFilesUnder(moved)) {
            if (cache.isDirty(inode.id())) {
                writeJournal(inode);
            }
        }
    }

    private static void requireFile(Inode inode, String path) {
        if (inode.isDirectory()) {
            throw new NamespaceException(Errno.EISDIR, "is a directory: " + path);
        }
        if (inode.kind() != FileKind.FILE) {
            throw new NamespaceException(Errno.EINVAL, "not a regular file: " + path);
        }
    }

    private FileAttributes attributes(Inode inode, long nlink) {
        return new FileAttributes(inode.id(), inode.kind(), inode.mode(), inode.uid(), inode.gid(), inode.size(), nlink,
                inode.atime(), inode.mtime(), inode.ctime());
    }

    /** Walks a path component by component: ENOENT, ENOTDIR or ENAMETOOLONG as POSIX path resolution reports. */
    private Inode resolve(String path) {
        Inode current = catalog.get(Catalog.ROOT_ID)
                .orElseThrow(() -> new NamespaceException(Errno.EIO, "catalog has no root directory"));
        for (String component : components(path)) {
            if (!current.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory on the way to " + path);
            }
            current = catalog.lookup(current.id(), component)
                    .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no such file or directory: " + path));
        }
        return current;
    }

    private record ParentAndName(Inode parent, String name) {
    }

    private ParentAndName parentAndName(String path) {
        List<String> components = components(path);
        if (components.isEmpty()) {
            throw new NamespaceException(Errno.EEXIST, "the root directory exists");
        }
        String name = components.get(components.size() - 1);
        Inode parent = resolve("/" + String.join("/", components.subList(0, components.size() - 1)));
        if (!parent.isDirectory()) {
            throw new NamespaceException(Errno.ENOTDIR, "not a directory: parent of " + path);
        }
        return new ParentAndName(parent, name);
    }

    /** The non-empty components of a path, each checked against the name length limit. */
    private List<String> components(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new NamespaceException(Errno.EINVAL, "not an absolute path: " + path);
        }
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            if (component.getBytes(StandardCharsets.UTF_8).length > config.maxNameBytes()) {
                throw new NamespaceException(Errno.ENAMETOOLONG, "name longer than " + config.maxNameBytes()
                        + " bytes in " + path.substring(0, Math.min(path.length(), 80)) + "...");
            }
            components.add(component);
        }
        return components;
    }

    private static <T> T call(String operation, String subject, Supplier<T> work) {
        try {
            return work.get();
        } catch (NamespaceException e) {
            throw e;
        } catch (CacheFullException e) {
            throw new NamespaceException(Errno.ENOSPC, operation + " " + subject + ": " + e.getMessage(), e);
        } catch (CacheException | CatalogException e) {
            throw new NamespaceException(Errno.EIO, operation + " " + subject + ": " + e.getMessage(), e);
        }
    }
}

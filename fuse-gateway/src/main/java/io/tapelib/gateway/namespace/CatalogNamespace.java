package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.LibraryCapacity;
import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static io.tapelib.gateway.namespace.NamespaceCall.call;

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
 * <p>A facade over collaborators with one job each: {@link PathResolver} (paths to inodes), {@link FileContent}
 * (handles and I/O, with {@link OpenFiles}, {@link RecallWaits} and {@link DirtyJournaling}), {@link TreeChanges}
 * (tree and metadata changes), {@link ExtendedAttributes} (users' attributes and the state report) and
 * {@link RecallAhead} (recalls asked for ahead of reading: {@code user.tapelib.recall}, O_NONBLOCK opens, the eta).
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
    /**
     * Extended attribute: estimated seconds until the first byte, decimal ("73.5"); "0" when the content is in the
     * cache, absent for an offline file whose recall nobody asked for.
     */
    public static final String ETA_XATTR = "user.tapelib.eta";
    /** Extended attribute, write-only: setting it to "1" queues a recall ({@link XattrNames#RECALL}). */
    public static final String RECALL_XATTR = XattrNames.RECALL;

    private final Catalog catalog;
    private final NamespaceConfig config;
    private final PathResolver paths;
    private final ExtendedAttributes xattrs;
    private final FileContent content;
    private final TreeChanges tree;
    private final RecallAhead recallAhead;
    private final DirtyJournaling journal;
    private final StableStorage storage;
    private final PendingWrites pending;

    /**
     * A namespace with writes of its own ({@link PendingWrites}): for tools and tests, whose cache does not ask it
     * whether content is dirty. The gateway uses
     * {@link #CatalogNamespace(Catalog, CacheStore, RecallRequester, Clock, NamespaceConfig, PendingWrites)}.
     */
    public CatalogNamespace(Catalog catalog, CacheStore cache, RecallRequester recalls, Clock clock,
                            NamespaceConfig config) {
        this(catalog, cache, recalls, clock, config, new PendingWrites());
    }

    /**
     * @param catalog the merged tree
     * @param cache   the cache opened for this catalog, whose dirty check also asks {@code pending}
     *                ({@link PendingWrites#has}): a migration finishing meanwhile keeps the journal of bytes written
     *                since the catalog last took a file's size
     * @param recalls asked once per recall to bring an offline file's content from tape
     * @param clock   source of modify, change and dirty times
     * @param config  recall timeout, name length limit, DURABILITY
     * @param pending writes the catalog does not show yet
     */
    public CatalogNamespace(Catalog catalog, CacheStore cache, RecallRequester recalls, Clock clock,
                            NamespaceConfig config, PendingWrites pending) {
        this(catalog, cache, recalls, clock, config, pending, StableStorage.of(cache, catalog));
    }

    /** As the public constructor, with where journals and syncs go given (tests count them). */
    CatalogNamespace(Catalog catalog, CacheStore cache, RecallRequester recalls, Clock clock, NamespaceConfig config,
                     PendingWrites pending, StableStorage storage) {
        this.catalog = catalog;
        this.config = config;
        this.storage = storage;
        this.pending = pending;
        this.paths = new PathResolver(catalog, config.maxNameBytes());
        this.journal = new DirtyJournaling(catalog, cache, clock, storage);
        RecallWaits waits = new RecallWaits(cache, recalls, clock, config.recallTimeout());
        this.recallAhead = new RecallAhead(catalog, cache, paths, waits, recalls, RecallAhead.DIRECTORY_LIMIT);
        this.xattrs = new ExtendedAttributes(catalog, cache, paths, clock, journal, recallAhead);
        this.content = new FileContent(catalog, cache, clock, paths, journal, waits, pending, storage,
                config.durableAtClose());
        this.tree = new TreeChanges(catalog, cache, clock, paths, journal, pending);
    }

    /**
     * The commit (shared/DESIGN.md section 7): records the writes the catalog does not show yet, brings the dirty
     * journals of changed entries up to date, and puts everything written so far, cache and catalog, on stable
     * storage. Run every COMMIT_INTERVAL by the {@link Committer}, at fsyncdir, and at unmount.
     *
     * @throws io.tapelib.gateway.catalog.CatalogException on a database failure
     * @throws io.tapelib.gateway.cache.CacheException     when the cache cannot be synced
     */
    public void commit() {
        content.recordAll();
        journal.refreshChanged();
        storage.syncCache();
        storage.syncCatalog();
    }

    /**
     * Records into the catalog, in one transaction, the sizes and times of every write it does not show yet (files
     * closed since the last commit, and open ones): for readers of the catalog outside the mount (the operator API,
     * the status, the write-back's choice), which must never see a file older than the mount shows it. Nothing when
     * there are none. Not durable (the commit is).
     *
     * @throws io.tapelib.gateway.catalog.CatalogException on a database failure
     */
    public void recordWrites() {
        content.recordAll();
    }

    // ---- attributes and listings (catalog only) ----------------------------------------------------------------

    @Override
    public FileAttributes getattr(String path) {
        return call("getattr", path, () -> {
            // the row and the writes not recorded yet are read so that a record committing in between is not missed
            Inode inode = pending.current(() -> paths.resolve(path), id -> catalog.get(id).orElse(null));
            long nlink = inode.isDirectory() ? 2 + catalog.subdirectoryCount(inode.id()) : catalog.nameCount(inode.id());
            FileAttributes attributes = attributes(inode, nlink);
            return inode.kind().isDevice() ? withDeviceNumber(attributes, catalog.deviceNumber(inode.id())) : attributes;
        });
    }

    /**
     * {@inheritDoc} The reply to a create: the row the create made, with one name (nothing could link it in between:
     * the name was made in this same request) and its writes; later calls read the catalog as {@link #getattr(String)}.
     */
    @Override
    public FileAttributes getattr(String path, long handle) {
        Inode created = content.takeCreated(handle);
        if (created == null) {
            return getattr(path);
        }
        return attributes(withWrites(created), 1);
    }

    /** {@inheritDoc} Link counts in the listing are 2 for directories, 1 otherwise (getattr gives the exact count). */
    @Override
    public List<DirectoryEntry> readdir(String path) {
        return call("readdir", path, () -> {
            Inode directory = paths.resolve(path);
            if (!directory.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path);
            }
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Inode child : catalog.children(directory.id())) {
                entries.add(new DirectoryEntry(child.name(), attributes(withWrites(child),
                        child.isDirectory() ? 2 : 1)));
            }
            return entries;
        });
    }

    /** {@inheritDoc} From the catalog's listings, kept per directory and never stale ({@link Catalog#readdir}). */
    @Override
    public DirectoryListing listing(String path) {
        return call("readdir", path, () -> {
            Inode directory = paths.resolve(path);
            if (!directory.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path);
            }
            return catalog.readdir(directory.id());
        });
    }

    /**
     * {@inheritDoc} From the catalog's listings with attributes, kept per directory and never stale
     * ({@link Catalog#readdirWithAttributes}): writes made until the listing starts (files closed since the last
     * commit: find or ls -l right after writing) are recorded first, one transaction for all, so only files written
     * while it is taken are listed without attributes (getattr adds their writes; they are looked up). Such writes are
     * recorded before the file stops counting as written ({@link PendingWrites#recordAll}); a listing taken while any
     * change committed is given without attributes, so none can predate a record it missed.
     */
    @Override
    public DirectoryListing listingWithAttributes(String path) {
        return call("readdir", path, () -> {
            Inode directory = paths.resolve(path);
            if (!directory.isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path);
            }
            content.recordAll();
            long generation = catalog.listingGeneration();
            DirectoryListing listing = catalog.readdirWithAttributes(directory.id())
                    .withoutAttributesOf(pending::has);
            return catalog.listingsUnchangedSince(generation) ? listing : listing.withoutAttributes();
        });
    }

    @Override
    public String readlink(String path) {
        return call("readlink", path, () -> {
            Inode inode = paths.resolve(path);
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

    /** The row as the mount shows it: with the size and times of writes the catalog does not show yet. */
    private Inode withWrites(Inode inode) {
        PendingWrites.Unrecorded unrecorded = inode.isDirectory() ? null : content.unrecorded(inode.id());
        return unrecorded == null ? inode : inode.withWrite(unrecorded.end(), unrecorded.mtime());
    }

    private static FileAttributes attributes(Inode inode, long nlink) {
        return new FileAttributes(inode.id(), inode.kind(), inode.mode(), inode.uid(), inode.gid(), inode.size(), nlink,
                inode.atime(), inode.mtime(), inode.ctime());
    }

    private static FileAttributes withDeviceNumber(FileAttributes a, long rdev) {
        return new FileAttributes(a.inode(), a.kind(), a.mode(), a.uid(), a.gid(), a.size(), a.nlink(), a.atime(),
                a.mtime(), a.ctime(), rdev);
    }

    @Override
    public void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        xattrs.set(path, name, value, mustNotExist, mustExist);
    }

    @Override
    public void removexattr(String path, String name) {
        xattrs.remove(path, name);
    }

    @Override
    public byte[] getxattr(String path, String name) {
        return xattrs.get(path, name);
    }

    @Override
    public List<String> listxattr(String path) {
        return xattrs.list(path);
    }

    // ---- content -------------------------------------------------------------------------------------------------

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return content.open(path, write, truncate);
    }

    /** {@inheritDoc} An O_TRUNC open for writing needs no old content: it never waits, so never EAGAIN. */
    @Override
    public long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        if (nonBlocking && !(write && truncate)) {
            NamespaceCall.run("open", path, () -> recallAhead.refuseIfOffline(path));
        }
        return content.open(path, write, truncate);
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        return content.create(path, mode, uid, gid);
    }

    @Override
    public int read(long handle, ByteBuffer destination, long offset, int size) {
        return content.read(handle, destination, offset, size);
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        return content.write(handle, source, offset, size);
    }

    @Override
    public void flush(long handle) {
        content.flush(handle);
    }

    /** Nothing unless DURABILITY=close: a close records nothing, the commit does ({@link FileContent#flush}). */
    @Override
    public boolean flushHasNothingToDo(long handle) {
        return !config.durableAtClose();
    }

    @Override
    public void fsync(long handle, boolean dataOnly) {
        content.fsync(handle);
    }

    /** {@inheritDoc} The directory's entries are catalog rows and journals: the whole commit makes them durable. */
    @Override
    public void fsyncDirectory(String path) {
        NamespaceCall.run("fsyncdir", path, () -> {
            paths.resolve(path);
            commit();
        });
    }

    @Override
    public void release(long handle) {
        content.release(handle);
    }

    @Override
    public void truncate(String path, long size) {
        content.truncate(path, size);
    }

    // ---- tree changes -----------------------------------------------------------------------------------------

    @Override
    public void mkdir(String path, int mode, int uid, int gid) {
        tree.mkdir(path, mode, uid, gid);
    }

    @Override
    public void unlink(String path) {
        tree.unlink(path);
    }

    @Override
    public void rmdir(String path) {
        tree.rmdir(path);
    }

    @Override
    public void rename(String from, String to) {
        tree.rename(from, to);
    }

    @Override
    public void chmod(String path, int mode) {
        tree.chmod(path, mode);
    }

    @Override
    public void chown(String path, int uid, int gid) {
        tree.chown(path, uid, gid);
    }

    @Override
    public void utimens(String path, TimeChange atime, TimeChange mtime) {
        // writes not yet recorded would otherwise stamp their own modify time over these later (cp -a, rsync -t)
        content.recordPending(path);
        tree.utimens(path, atime, mtime);
    }

    @Override
    public void symlink(String target, String linkPath, int uid, int gid) {
        tree.symlink(target, linkPath, uid, gid);
    }

    @Override
    public void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        if (kind == FileKind.FILE) {
            content.release(content.create(path, mode, uid, gid));
            return;
        }
        tree.mknod(path, kind, mode, deviceNumber, uid, gid);
    }

    @Override
    public void link(String existing, String newPath) {
        tree.link(existing, newPath);
    }
}

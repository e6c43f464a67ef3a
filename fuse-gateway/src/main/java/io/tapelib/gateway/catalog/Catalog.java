package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's SQLite catalog (shared/DESIGN.md sections 2, 5 and 9): cartridges, the merged tree, where
 * each file's bytes lie on which tape, which files are dirty, and metadata changes not yet on tape. A facade over
 * collaborators with one job each: {@link CatalogConnections} (connections and transactions: one writer, a pool of
 * WAL readers), {@link TreeLookups}, {@link TreeChanges}, {@link ContentChanges} and {@link XattrChanges} (the
 * tree), {@link VolumeTable} and {@link TapeCopies} (volumes, copies and extents), {@link PendingChanges}; the last
 * two and the tables of one concern each are handed out ({@link #copies()}, {@link #pending()}, {@link #listing()}
 * ...) rather than wrapped method by method. Times are stored as nanoseconds since the epoch.
 *
 * <p>Errors: database failures throw {@link CatalogException}; a change that breaks a POSIX rule throws
 * {@link NamespaceException} with the errno the mount returns (ENOENT, ENOTDIR, EEXIST, EISDIR, ENOTEMPTY,
 * EINVAL, ENAMETOOLONG), and changes nothing. Thread-safe.
 */
public final class Catalog implements AutoCloseable {
    /** Inode id of the root directory. */
    public static final long ROOT_ID = 1;

    private final CatalogConnections db;
    private final TreeLookups tree;
    private final TreeChanges changes;
    private final ContentChanges content;
    private final VolumeTable volumes;
    private final TapeCopies copies;
    private final PendingChanges pending;
    private final XattrChanges xattrChanges;
    private final ShelvedVolumes shelved;
    private final WriteProtectedVolumes writeProtected;
    private final DirectoryListings listings;

    private Catalog(CatalogConnections db) {
        this.db = db;
        EntryNames names = new EntryNames();
        DirectoryRows directories = new DirectoryRows();
        this.tree = new TreeLookups(db, names, directories);
        this.changes = new TreeChanges(db, names);
        this.content = new ContentChanges(db);
        this.volumes = new VolumeTable(db);
        this.copies = new TapeCopies(db);
        this.pending = new PendingChanges(db);
        this.xattrChanges = new XattrChanges(db);
        this.shelved = new ShelvedVolumes(db);
        this.writeProtected = new WriteProtectedVolumes(db);
        this.listings = new DirectoryListings(db);
        db.trackEntries(names, directories);
    }

    /** Opens the catalog at {@code dbFile} as {@link #open(Path, Clock)} does, with the UTC clock. */
    public static Catalog open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    /**
     * Opens the catalog, creating the file, its parent directories and the schema on first use.
     *
     * @param clock source of "now" for the root directory's times when the schema is created
     * @throws CatalogException when the file cannot be opened or its schema is newer than this code
     */
    public static Catalog open(Path dbFile, Clock clock) {
        CatalogConnections db = CatalogConnections.open(dbFile, writer -> CatalogSchema.migrate(writer, clock.instant()));
        try {
            return new Catalog(db);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Where the database lives. */
    public Path file() {
        return db.file();
    }

    /**
     * Closes every connection (a reader in use when its query ends); later calls fail with {@link CatalogException}.
     *
     * @throws CatalogException when a connection could not be closed (every other one is still closed)
     */
    @Override
    public void close() {
        db.close();
    }

    /**
     * Makes every committed change durable (fsync of the write-ahead log and the database file): at fsync at the
     * mount, each COMMIT_INTERVAL, and unmount. Commits survive a crash of the gateway without it.
     *
     * @throws CatalogException when the files cannot be synced or the catalog is closed
     */
    public void sync() {
        db.sync();
    }

    /**
     * Copies the whole catalog, as of its last committed transaction, into {@code target} with SQLite's online
     * backup API (sqlite3_backup_*, run on a reader connection: writers go on meanwhile). {@code target} is created
     * or overwritten; it is not synced to disk (the caller does that).
     *
     * @throws CatalogException when the backup fails or the catalog is closed
     */
    public void backupTo(Path target) {
        db.backupTo(target);
    }

    /**
     * This catalog's identity: a random UUID made when the catalog was created (schema version 2), never changed.
     * The cache records it so that its objects are never taken for files of another or a rebuilt catalog.
     */
    public String identity() {
        return db.read(session -> CatalogSchema.identity(session, db.file()));
    }

    // ---- the tree: lookups --------------------------------------------------------------------------------------

    /** The entry {@code name} of directory {@code parent}, if any. */
    public Optional<Inode> lookup(long parent, String name) {
        return tree.lookup(parent, name);
    }

    /** The inode with this id, if it exists. */
    public Optional<Inode> get(long id) {
        return tree.get(id);
    }

    /**
     * The inode at an absolute, slash-separated path ("/" is the root; repeated slashes are ignored), or empty
     * when a component is missing or a non-final component is not a directory.
     */
    public Optional<Inode> resolve(String path) {
        return tree.resolve(path);
    }

    /** The absolute path of an inode, or empty when it no longer exists. */
    public Optional<String> pathOf(long id) {
        return tree.pathOf(id);
    }

    /** The entries of a directory, ordered by name (empty for a missing directory or a file). */
    public List<Inode> children(long directory) {
        return tree.children(directory);
    }

    /**
     * The entries of a directory as readdir shows them (name, inode id, kind), ordered by name; empty for a missing
     * directory or a file. Kept per directory and dropped by every change to its entries, whoever makes it
     * ({@link DirectoryListings}): never stale.
     *
     * @throws CatalogException when the query fails or the catalog is closed
     */
    public DirectoryListing readdir(long directory) {
        return listings.readdir(directory);
    }

    /**
     * {@link #readdir} with each entry's mode, owner, size, link count and times as the row gives them, where the
     * catalog alone vouches for them (not for files with further names, further names, devices: see
     * {@link DirectoryListing#hasAttributes}). Kept per directory, dropped by every change to its entries or their
     * attributes: never stale. Writes the catalog does not show yet are the caller's to account for, with
     * {@link #listingGeneration} read before this and {@link #listingsUnchangedSince} after.
     *
     * @throws CatalogException when the query fails or the catalog is closed
     */
    public DirectoryListing readdirWithAttributes(long directory) {
        return listings.readdirWithAttributes(directory);
    }

    /** A count of the listing changes reported so far (any directory), for {@link #listingsUnchangedSince}. */
    public long listingGeneration() {
        return listings.generation();
    }

    /** True when no change to any directory's entries or their attributes committed since {@code generation}. */
    public boolean listingsUnchangedSince(long generation) {
        return listings.unchangedSince(generation);
    }

    /** Number of subdirectories of a directory (for its link count, 2 + this). */
    public long subdirectoryCount(long directory) {
        return tree.subdirectoryCount(directory);
    }

    /** Number of inodes in the tree, the root included. */
    public long inodeCount() {
        return tree.inodeCount();
    }

    /** The extended attributes a tape's index gave the inode, ordered by name. */
    public List<ExtendedAttribute> xattrs(long inode) {
        return tree.xattrs(inode);
    }

    /** The number of names of a non-directory inode (its st_nlink): 1 plus its hard links. */
    public long nameCount(long id) {
        return tree.nameCount(id);
    }

    /**
     * The absolute paths of an inode's further names (hard links made after its first), ordered; empty when it has
     * one name. {@link #pathOf} gives the first.
     */
    public List<String> furtherPaths(long id) {
        return tree.furtherPaths(id);
    }

    /** The device number (Linux makedev encoding) of a character or block device inode; 0 for other kinds. */
    public long deviceNumber(long id) {
        return tree.deviceNumber(id);
    }

    /**
     * The dirty entries (files, symlinks, special files, new directories) at or below an inode, the inode itself
     * included when dirty: whose dirty journals name a path that a rename of that inode changes.
     */
    public List<Inode> dirtyEntriesUnder(long id) {
        return tree.dirtyEntriesUnder(id);
    }

    // ---- volumes --------------------------------------------------------------------------------------------------

    /** All cartridges the catalog knows, ordered by volume tag. */
    public List<VolumeRecord> volumes() {
        return volumes.all();
    }

    /** The cartridge with this volume tag, if known. */
    public Optional<VolumeRecord> volume(String volumeTag) {
        return volumes.get(volumeTag);
    }

    /** The cartridges out of the library (issue 13, "Shelved cartridges"). */
    public ShelvedVolumes shelvedVolumes() {
        return shelved;
    }

    /** The cartridges whose write-protect tab was set at their last load. */
    public WriteProtectedVolumes writeProtectedVolumes() {
        return writeProtected;
    }

    /** Inserts or replaces a cartridge's record. */
    public void upsertVolume(VolumeRecord volume) {
        volumes.upsert(volume);
    }

    /**
     * Merges a tape's LTFS index into the tree and upserts the volume, in one transaction: on any failure nothing
     * changes (the merge rules: {@link VolumeImporter}). Returns counts, and the inodes whose current content changed.
     */
    public ImportSummary importVolume(VolumeRecord volume, Iterator<TapeEntry> entries) {
        return volumes.importVolume(volume, entries);
    }

    /**
     * The largest cartridge's data partition capacity, bytes, if any: a larger file fits on no tape (no spanning).
     * Remembered until a cartridge's row is next written (every write through the mount asks for it).
     */
    public OptionalLong largestCartridgeCapacity() {
        return volumes.largestCapacity();
    }

    /** Totals for statfs: data partition capacity and remaining bytes of LTFS and blank cartridges. */
    public LibraryCapacity capacity() {
        return volumes.capacity();
    }

    /** The catalog's side of reclaim: dead bytes, cartridges being reclaimed, the switch of copied batches. */
    public ReclaimCatalog reclaims() {
        return new ReclaimCatalog(db, volumes);
    }

    /** The operator's listings: the tree in pages, paths by content, live files per cartridge (issue 14). */
    public CatalogListing listing() {
        return new CatalogListing(db);
    }

    /** Each cartridge's own tree, every version (issue 14, {@code MOUNT/.tapelib/tapes/}). */
    public VolumeFiles volumeFiles() {
        return new VolumeFiles(db);
    }

    /** The audit records of schema 6's {@code audit} table, to be moved into the audit log's own database. */
    LegacyAuditRows legacyAudit() {
        return new LegacyAuditRows(db);
    }

    // ---- copies and extents, pending changes, extended attributes --------------------------------------------------

    /**
     * Which tapes hold which version of each file and where its bytes lie, the dirty files due for the write-back, and
     * the record of a confirmed migration ({@link TapeCopies}).
     */
    public TapeCopies copies() {
        return copies;
    }

    /** Metadata changes not yet in a tape's index ({@link PendingChanges}). */
    public PendingChanges pending() {
        return pending;
    }

    /** Users' extended attributes set and removed through the mount ({@link XattrChanges}). */
    public XattrChanges xattrChanges() {
        return xattrChanges;
    }

    // ---- tree changes made through the mount ----------------------------------------------------------------------

    /**
     * Creates an empty file, dirty from {@code now}.
     *
     * @throws NamespaceException ENOENT/ENOTDIR for a bad parent, EEXIST, ENAMETOOLONG, EINVAL
     */
    public Inode createFile(long parent, String name, int mode, int uid, int gid, Instant now) {
        return changes.createFile(parent, name, mode, uid, gid, now);
    }

    /** Creates a directory, dirty from {@code now} (it reaches tape by the write-back); throws as {@link #createFile}. */
    public Inode mkdir(long parent, String name, int mode, int uid, int gid, Instant now) {
        return changes.mkdir(parent, name, mode, uid, gid, now);
    }

    /** Creates a symlink (mode 0777), dirty from {@code now}; throws NamespaceException as {@link #createFile} does. */
    public Inode symlink(long parent, String name, String target, int uid, int gid, Instant now) {
        return changes.symlink(parent, name, target, uid, gid, now);
    }

    /**
     * Creates a FIFO, socket or character or block device (mknod(2)), dirty from {@code now}.
     *
     * @param kind         one of the special kinds ({@link FileKind#isSpecial()})
     * @param deviceNumber Linux makedev(major, minor) for a device, ignored otherwise
     * @throws NamespaceException EINVAL for another kind, and as {@link #createFile} does
     */
    public Inode mknod(long parent, String name, FileKind kind, int mode, long deviceNumber, int uid, int gid,
                       Instant now) {
        return changes.mknod(parent, name, kind, mode, deviceNumber, uid, gid, now);
    }

    /**
     * link(2): a further name of a file ({@link TreeChanges#link}); tapes with its current content get a pending
     * LINK.
     *
     * @return the inode as seen through its new name
     * @throws NamespaceException ENOENT (inode or parent gone), EPERM for a directory, EEXIST, ENOTDIR, ENAMETOOLONG
     */
    public Inode link(long id, long parent, String name, Instant now) {
        return changes.link(id, parent, name, now);
    }

    /**
     * Removes one name of a file, symlink or special file (pending DELETE of that path for the tapes naming it) and
     * returns the inode; when that was its last name the inode is gone ({@link #get} is empty) and its cached object
     * is garbage.
     *
     * @throws NamespaceException ENOENT, ENOTDIR (bad parent), EISDIR for a directory
     */
    public Inode unlink(long parent, String name, Instant now) {
        return changes.unlink(parent, name, now);
    }

    /**
     * Removes an empty directory (pending DELETE for the tapes naming it).
     *
     * @throws NamespaceException ENOENT, ENOTDIR, ENOTEMPTY
     */
    public Inode rmdir(long parent, String name, Instant now) {
        return changes.rmdir(parent, name, now);
    }

    /**
     * POSIX rename(2), replacing a file or an empty directory ({@link TreeChanges#rename}).
     *
     * @return the inode that was replaced, if any (its cached object is now garbage)
     * @throws NamespaceException ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EINVAL (a directory into itself), ENAMETOOLONG
     */
    public Optional<Inode> rename(long fromParent, String fromName, long toParent, String toName, Instant now) {
        return changes.rename(fromParent, fromName, toParent, toName, now);
    }

    /** Sets permission bits (07777); NamespaceException ENOENT when the inode is gone. */
    public Inode setMode(long id, int mode, Instant now) {
        return changes.setMode(id, mode, now);
    }

    /** Sets owner and group (-1 leaves one unchanged, as chown(2)); NamespaceException ENOENT if the inode is gone. */
    public Inode setOwner(long id, int uid, int gid, Instant now) {
        return changes.setOwner(id, uid, gid, now);
    }

    /** Sets access and modify times (null leaves one unchanged); NamespaceException ENOENT when the inode is gone. */
    public Inode setTimes(long id, Instant atime, Instant mtime, Instant now) {
        return changes.setTimes(id, atime, mtime, now);
    }

    /** Changes of files' content through the mount, also many files' at once ({@link ContentChanges}). */
    public ContentChanges content() {
        return content;
    }

    /** Records writes through the mount ({@link ContentChanges#recordWrite}); NamespaceException ENOENT, EISDIR. */
    public Inode recordWrite(long id, long endOffset, Instant now) {
        return content.recordWrite(id, endOffset, now);
    }

    /** Sets a file's size (truncate), dirty as after {@link #recordWrite}; NamespaceException ENOENT, EISDIR. */
    public Inode setSize(long id, long size, Instant now) {
        return content.setSize(id, size, now);
    }

    /** A file dirty before its cached content changes ({@link ContentChanges#markDirty}); ENOENT, EISDIR. */
    public Inode markDirty(long id, Instant now) {
        return content.markDirty(id, now);
    }
}

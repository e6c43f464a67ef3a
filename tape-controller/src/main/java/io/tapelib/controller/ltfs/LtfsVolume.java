package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapeDrive;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * An LTFS volume on the cartridge loaded in a drive (LTFS Format Specification 2.4). The directory tree is kept in
 * a file under the work directory while mounted (in the heap when none is given). Partition 0 is the index partition
 * a, partition 1 the data partition b; both start with a label construct (blocks 0-3); file data and index constructs
 * are appended at EOD of the data partition; the index partition holds one index construct after its label,
 * overwritten at unmount.
 *
 * <p>Back pointers (section 5.4.3): each data-partition index points to the previous data-partition index; the
 * index-partition copy points to the data-partition index of the same generation.
 *
 * <p>This class is the facade: {@link FileDataWriter} appends file data, {@link FileDataReader} reads it back,
 * {@link VolumeIndexWriter} writes the indexes, {@link NamespaceEditor} edits the directory tree, {@link FileWrites}
 * records a file and {@link EntryEdits} the changes that write no file data, {@link TreeBuilder} builds the tree at
 * mount, {@link VolumeProber} tells what a cartridge holds, {@link VolumeFormatter} formats, {@link VolumeMounter}
 * mounts and {@link MountHealing} recovers at mount, {@link WriteAccess} says whether the volume takes writes.
 * {@link LtfsVolumes} probes, formats and mounts a cartridge.
 *
 * <p>Not thread-safe: one job uses a drive at a time. Device errors ({@link DeviceException} and subclasses) pass
 * through unchanged.
 */
public final class LtfsVolume {

    /** Extended attribute holding a file's SHA-256, lower-case hex (LTFS Format Specification 2.4, Annex F.3). */
    public static final String SHA256_XATTR = "ltfs.hash.sha256sum";
    /** The {@code volumelockstate} of a volume that takes writes; {@code locked} and {@code permlocked} do not. */
    static final String UNLOCKED = "unlocked";
    static final int INDEX_PARTITION = 0;
    static final int DATA_PARTITION = 1;
    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private final TapeDrive drive;
    private final String volumeTag;
    private final LtfsLabel label;
    private final NamespaceTree tree;
    private final VolumeIndexWriter indexes;
    private final FileDataWriter fileData;
    private final FileDataReader fileReader;
    private final FileWrites fileWrites;
    private final EntryEdits edits;
    private final WriteAccess access;
    private boolean closed;

    /** @param hasher the drive's hashing thread, which file data is hashed on; the volume does not close it */
    LtfsVolume(TapeDrive drive, String volumeTag, LtfsLabel label, NamespaceTree tree, VolumeIndexWriter indexes,
               Consistency consistency, BlockHasher hasher) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.label = label;
        this.tree = tree;
        this.indexes = indexes;
        this.access = new WriteAccess(volumeTag, indexes.carried().volumeLockState(), consistency);
        this.fileData = new FileDataWriter(drive, volumeTag, label.blockSize(), indexes::reserveBytes, hasher);
        this.fileReader = new FileDataReader(drive, volumeTag, label.blockSize());
        NamespaceEditor namespace = new NamespaceEditor(tree, volumeTag);
        this.fileWrites = new FileWrites(drive.name(), volumeTag, fileData, namespace, indexes);
        this.edits = new EntryEdits(namespace, indexes);
    }

    /** The cartridge's barcode. */
    public String volumeTag() {
        return volumeTag;
    }

    /** The volume UUID from the LTFS labels. */
    public String volumeUuid() {
        return label.volumeUuid();
    }

    /** The generation of the newest index on tape (written or read). */
    public long generation() {
        return indexes.generation();
    }

    /**
     * Whether the volume was consistent when mounted, or is since {@link #recover()}; which index is used and what no
     * index names when it is not.
     */
    public Consistency consistency() {
        return access.consistency();
    }

    /**
     * True when the volume is mounted read-only: it is not consistent, or its index says {@code locked} or
     * {@code permlocked} ({@code volumelockstate}, LTFS Format Specification 2.4, §9.2.1). Every write is refused.
     */
    public boolean readOnly() {
        return access.readOnly();
    }

    /**
     * Refuses writes to a read-only volume.
     *
     * @throws ReadOnlyVolumeException the volume is not consistent (see {@link #consistency()}), or locked
     */
    public void checkWritable() {
        access.checkWritable();
    }

    /** Logical block size of file data and indexes, in bytes. */
    public int blockSize() {
        return label.blockSize();
    }

    /** Size of the data partition, in bytes. */
    public long capacityBytes() {
        return drive.capacity(DATA_PARTITION).totalBytes();
    }

    /**
     * What is still writable for files on the data partition, in bytes: the drive's remaining capacity less
     * {@link #indexReserveBytes()}; 0 for a read-only volume and once the drive reported early warning (the volume is
     * then full: only its final index is still written).
     */
    public long remainingBytes() {
        if (readOnly() || fileData.pastEarlyWarning()) {
            return 0;
        }
        return Math.max(0, drive.capacity(DATA_PARTITION).remainingBytes() - indexReserveBytes());
    }

    /**
     * Bytes kept free at the end of the data partition for the final index: twice our estimate of the index's size
     * (4 KiB plus 1 KiB per entry) plus two blocks for its filemarks and its last, partial block. HP drives report
     * early warning only about 30 MiB before the end of a partition (DESIGN.md section 6, LTFS reference
     * implementation issue #331), so the reserve, not early warning, is what keeps room for an index of many entries.
     */
    public long indexReserveBytes() {
        return indexes.reserveBytes();
    }

    /** True once a write on the data partition reported early warning (SSC-4 4.2.3): the volume takes no more files. */
    public boolean pastEarlyWarning() {
        return fileData.pastEarlyWarning();
    }

    /**
     * The volume root (path {@code ""}): the mount root's own mode, owner, times and extended attributes, which a
     * put at the root sets ({@link IndexChange.Put}).
     */
    public IndexEntry root() {
        return tree.root();
    }

    /** Every entry except the root, parents before children (depth first). */
    public Stream<IndexEntry> entries() {
        return tree.entries();
    }

    /** The entry at a path (slash-separated, relative to the root). */
    public Optional<IndexEntry> entry(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return tree.get(trimmed).filter(e -> !trimmed.isEmpty());
    }

    /**
     * Appends a file's data at EOD of the data partition, starting a new logical block, in blocks of
     * {@link #blockSize()}; creates missing parent directories (mode 0755, times = the file's); replaces an existing
     * file at the path (its old extents become unreferenced). Computes SHA-256 while writing and records it in the
     * entry's {@value #SHA256_XATTR}. Zero-length files get no extent. The index on tape changes only at
     * {@link #writeIndex()} or {@link #unmount()}.
     *
     * @param data   supplies at least {@code length} bytes; not closed
     * @param length the file's length in bytes
     * @throws EndOfMediumException before anything is written when {@code length} exceeds {@link #remainingBytes()};
     *                              from the drive when the partition ends anyway (the file is then not recorded)
     * @throws InvalidEntryException before anything is written, for an invalid path
     * @throws PathConflictException before anything is written, for a directory at the path or a parent that is
     *                               not a directory
     * @throws LtfsException         for data shorter than {@code length}; on this and any failure while the data is
     *                               written, the file is not recorded and the next index is written over its blocks
     * @throws ReadOnlyVolumeException before anything is written, when the volume is not consistent
     */
    public WrittenFile writeFile(FileMetadata metadata, InputStream data, long length) {
        return writeFile(metadata, Map.of(), data, length);
    }

    /**
     * {@link #writeFile(FileMetadata, InputStream, long)} with extended attributes for the file's index entry
     * (LTFS Format Specification 2.4, section 9.2, {@code extendedattributes}); a caller's attributes of reserved
     * names ({@link ReservedXattrs}) are left out, and our {@value #SHA256_XATTR} is added.
     *
     * @param xattrs key to value, keys and values as the index carries them
     * @throws EndOfMediumException also when the drive reports early warning while the rest of the file and the
     *                              final index would not fit before the end of the partition; the file is then not
     *                              recorded and the volume takes no more files
     */
    public WrittenFile writeFile(FileMetadata metadata, Map<String, XattrValue> xattrs, InputStream data, long length) {
        ensureWritable();
        return fileWrites.write(metadata, xattrs, data, length, this::remainingBytes);
    }

    /**
     * Writes a directory, symbolic link or special file entry (no data), or updates an existing entry's metadata: an
     * existing directory or file keeps its contents or extents and extended attributes and takes the new mode, owner,
     * group and times (every entry of a file's link group does). A symbolic link or special file of another kind at
     * the path is replaced. Missing parent directories are created (mode 0755, times = the entry's).
     *
     * @throws NoSuchEntryException {@code kind} is FILE and no file exists at the path (use {@link #writeFile})
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that differs from the existing entry's where it cannot be replaced (a
     *                               directory), or a parent that is not a directory
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public IndexEntry writeEntry(FileMetadata metadata) {
        ensureWritable();
        return edits.writeEntry(metadata);
    }

    /**
     * {@link #writeEntry(FileMetadata)} with the entry's complete user extended attributes, which replace all but its
     * {@code ltfs.*} ones.
     *
     * @throws NoSuchEntryException {@code kind} is FILE and no file exists at the path (use {@link #writeFile})
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that cannot replace the existing entry, or a parent that is not a directory
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public IndexEntry writeEntry(FileMetadata metadata, Map<String, XattrValue> xattrs) {
        ensureWritable();
        return edits.put(metadata, xattrs);
    }

    /**
     * Removes an entry and, for a directory, everything below it. File data stays on tape, unreferenced.
     *
     * @throws NoSuchEntryException nothing at the path
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public void remove(String path) {
        ensureWritable();
        edits.remove(path);
    }

    /**
     * Moves an entry (and, for a directory, everything below it) to a new path, as POSIX rename: an existing file or
     * symbolic link at the target is replaced, as is an empty directory when a directory moves. Missing parent
     * directories of the target are created (mode 0755, times now).
     *
     * @throws NoSuchEntryException nothing at {@code from}
     * @throws LtfsException        a directory moved into itself, or a target that cannot be replaced
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public void rename(String from, String to) {
        ensureWritable();
        edits.rename(from, to);
    }

    /**
     * A hard link: a new file entry at {@code path} sharing the extents, metadata and extended attributes of the file
     * at {@code target}, both then in one link group ({@link SpecialFiles}); a file or symbolic link at {@code path}
     * is replaced. The index on tape changes only at {@link #writeIndex()} or {@link #unmount()}.
     *
     * @throws NoSuchEntryException  no file at {@code target}
     * @throws PathConflictException a directory at {@code path}, or a parent that is not a directory
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public IndexEntry link(String path, String target) {
        ensureWritable();
        return edits.link(path, target);
    }

    /**
     * Applies metadata changes made at the gateway's mount, in order (see {@link IndexChange}); a change the index
     * cannot take is skipped alone and reported. The index on tape changes only at {@link #writeIndex()} or
     * {@link #unmount()}.
     *
     * @throws WriteProtectedException the cartridge is write protected; nothing is applied
     * @throws ReadOnlyVolumeException the volume is not consistent, or locked; nothing is applied
     */
    public AppliedChanges applyChanges(List<IndexChange> changes) {
        ensureWritable();
        access.requireWritableCartridge(drive);
        return edits.apply(changes);
    }

    /**
     * Hands a file's bytes to {@code sink} in file-offset order, from offset 0 to the file's length: the extents' bytes,
     * and zeros for the gaps between extents and after the last one up to the length (a sparse file, LTFS Format
     * Specification 2.4, section 6.1). Zeros come in pieces of at most one block.
     *
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    public void readFile(IndexEntry file, FileDataSink sink) {
        readFile(file, 0, sink);
    }

    /**
     * {@link #readFile(IndexEntry, FileDataSink)} of the bytes from {@code from} (bytes into the file) on, for a
     * reader that already holds the ones before: the extents that end before it are not read, and the one it falls
     * in is entered at the logical block holding it.
     *
     * @throws IllegalArgumentException {@code from} is outside [0, the file's length]
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    public void readFile(IndexEntry file, long from, FileDataSink sink) {
        ensureOpen();
        fileReader.read(file, from, sink);
    }

    /**
     * Writes a new index generation at EOD of the data partition (after a migration batch), pointing back to the
     * previous data-partition index. Does nothing when nothing changed since the last index. A failed write leaves
     * the volume as before it: calling again rewrites the construct from its first filemark, discarding the partial
     * one.
     *
     * @throws ReadOnlyVolumeException the volume is not consistent
     */
    public void writeIndex() {
        ensureWritable();
        if (indexes.writeDataIndex()) {
            access.consistency(Consistency.consistent(indexes.generation(), indexes.dataIndex().orElseThrow()));
        }
    }

    /**
     * Writes the final index on the data partition (when anything changed) and then on the index partition,
     * overwriting the previous index there; the volume is then closed and the cartridge may be unloaded. A read-only
     * volume is closed without writing. When a write fails the volume stays open and calling again retries it: the
     * cartridge must not leave the drive before that succeeds.
     */
    public void unmount() {
        ensureOpen();
        if (!readOnly()) {
            writeIndex();
            if (indexes.indexPartitionCopyStale()) {
                indexes.writeIndexPartitionCopy();
            }
        }
        Rewind.quietly(drive);
        closed = true;
        tree.close();
    }

    /**
     * Makes an inconsistent volume consistent again (an operator's request; never automatic): when the data partition
     * does not end with a complete index construct of the generation in use, a new index generation (higher than any
     * on tape, a damaged one's included) naming the files of the index in use is appended at EOD of the data
     * partition, after the unindexed data, pointing back to the data partition's last valid index; then the index
     * partition gets its copy, written over its last index construct and whatever followed it
     * ({@link VolumeIndexWriter#writeConsistent()} says why after the unindexed data and not over it).
     *
     * @return the volume's consistency after recovery (consistent); the same as before when it already was
     * @throws WriteProtectedException the cartridge is write protected; nothing is written
     */
    public Consistency recover() {
        ensureOpen();
        Consistency before = access.consistency();
        if (before.consistent()) {
            return before;
        }
        access.requireRecoverable(drive);
        restoreConsistency();
        LOG.infof("%s: recovered; index generation %d at %s and its copy at %s (was: %s)", volumeTag,
                indexes.generation(), indexes.dataIndex().orElseThrow(), indexes.indexPartitionIndex().orElseThrow(),
                before.summary());
        return access.consistency();
    }

    /**
     * The writes of a recovery: a new generation after whatever ends the data partition when it does not end with the
     * index in use, then the index partition copy. The consistency is as before when a write fails.
     */
    void restoreConsistency() {
        access.consistency(indexes.writeConsistent());
    }

    /** The index's {@code volumelockstate}. */
    String volumeLockState() {
        return access.volumeLockState();
    }

    /** Closes the directory tree of a volume whose format or mount failed. */
    void closeTree() {
        tree.close();
    }

    private void ensureWritable() {
        ensureOpen();
        checkWritable();
    }

    private void ensureOpen() {
        if (closed) {
            throw new LtfsException(volumeTag + ": volume is unmounted");
        }
    }
}

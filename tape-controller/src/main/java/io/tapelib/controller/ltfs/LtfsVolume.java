package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An LTFS volume on the cartridge loaded in a drive (LTFS Format Specification 2.4). The directory tree is kept in
 * a file under the work directory while mounted (in the heap when none is given). Partition 0 is the index partition a, partition 1 the data partition b; both start with a
 * label construct (blocks 0-3); file data and index constructs are appended at EOD of the data partition; the index
 * partition holds one index construct after its label, overwritten at unmount.
 *
 * <p>Back pointers (section 5.4.3): each data-partition index points to the previous data-partition index; the
 * index-partition copy points to the data-partition index of the same generation.
 *
 * <p>Not thread-safe: one job uses a drive at a time. Device errors ({@link DeviceException} and subclasses) pass
 * through unchanged.
 */
public final class LtfsVolume {

    /** Extended attribute holding a file's SHA-256, lower-case hex (LTFS Format Specification 2.4, Annex F.3). */
    public static final String SHA256_XATTR = "ltfs.hash.sha256sum";
    /** Our estimate of an index's size per entry, in bytes, for the reserve kept for the final index. */
    private static final long INDEX_BYTES_PER_ENTRY = 1024;
    /** Entries counted in the index reserve of {@link #largestFileBytes}: root, the file and a few parents. */
    private static final int FEW_ENTRIES = 16;
    private static final int INDEX_PARTITION = 0;
    private static final int DATA_PARTITION = 1;

    private final TapeDrive drive;
    private final String volumeTag;
    private final LtfsLabel label;
    private final NamespaceTree tree;
    private final String volumeName;
    private long generation;
    private Optional<IndexLocation> dataIndex;
    private long dataIndexGeneration;
    private Optional<IndexLocation> indexPartitionIndex;
    private long indexPartitionGeneration;
    private long indexPartitionEod;
    private long dataEod;
    private boolean dirty;
    private boolean closed;

    private LtfsVolume(TapeDrive drive, String volumeTag, LtfsLabel label, NamespaceTree tree, String volumeName,
                       long generation) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.label = label;
        this.tree = tree;
        this.volumeName = volumeName;
        this.generation = generation;
    }

    /**
     * What the loaded cartridge holds: an LTFS volume, a blank cartridge (EOD at block 0), or something else. Leaves the
     * position at partition 0, block 0. Writes nothing.
     *
     * @throws MediumNotPresentException no cartridge is loaded
     */
    public static VolumeProbe probe(TapeDrive drive) {
        try {
            drive.locate(0, 0);
            byte[] block = new byte[LabelConstruct.FIRST_BLOCK_BUFFER];
            int length;
            try {
                length = drive.readBlock(block);
            } catch (EndOfDataException e) {
                return new VolumeProbe(VolumeKind.BLANK, "EOD at block 0 of partition 0: blank cartridge");
            }
            if (Vol1Label.parse(block, length).isEmpty()) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, Vol1Label.looksLikeVol1(block, length)
                        ? "ANSI VOL1 label of an implementation other than LTFS"
                        : (length == 0 ? "filemark at block 0" : "block 0 (" + length + " bytes) is not a VOL1 label"));
            }
            if (drive.status().partitions() < 2) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, "LTFS VOL1 label on a cartridge with one partition");
            }
            String tag = drive.status().volumeTag().orElse(drive.name());
            LtfsLabel indexLabel = LabelConstruct.read(drive, INDEX_PARTITION, tag);
            LtfsLabel dataLabel = LabelConstruct.read(drive, DATA_PARTITION, tag);
            if (!indexLabel.volumeUuid().equals(dataLabel.volumeUuid())) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, "LTFS labels of the two partitions name different volumes");
            }
            return new VolumeProbe(VolumeKind.LTFS, "LTFS " + indexLabel.version() + " volume " + indexLabel.volumeUuid()
                    + ", block size " + indexLabel.blockSize() + " bytes, formatted " + indexLabel.formatTime());
        } catch (MediumNotPresentException e) {
            throw e;
        } catch (LtfsException | DeviceException e) {
            return new VolumeProbe(VolumeKind.UNSUPPORTED, e.getMessage());
        } finally {
            rewindQuietly(drive);
        }
    }

    /**
     * mkltfs equivalent: partitions the cartridge, writes VOL1 and LTFS labels on both partitions and index generation
     * 1 on both (data partition first, then the index partition pointing back to it).
     *
     * @param volumeTag the cartridge's barcode; its first six characters become the VOL1 volume identifier
     * @return the mounted, empty volume
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     */
    public static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options) {
        return format(drive, volumeTag, options, null);
    }

    /**
     * {@link #format(TapeDrive, String, LtfsFormatOptions)}, keeping the mounted volume's directory tree in a file
     * under {@code workDir} (see {@link TreeStoreFiles}) until {@link #unmount()}.
     *
     * @param workDir the controller's work directory ({@code TAPE_MOUNT_DIR}); null keeps the tree in the heap
     *                (small volumes and tests)
     */
    public static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options, Path workDir) {
        long indexPartitionBytes = options.indexPartitionBytes() > 0
                ? options.indexPartitionBytes()
                : drive.capacity(0).totalBytes() * 2 / 80;
        drive.formatPartitions(indexPartitionBytes);
        Instant now = Instant.now();
        LtfsLabel label = new LtfsLabel(FormatVersion.WRITTEN, IndexXmlWriter.CREATOR, now,
                UUID.randomUUID().toString(), INDEX_PARTITION, INDEX_PARTITION, DATA_PARTITION, options.blockSize(), true);
        Vol1Label vol1 = Vol1Label.forVolumeTag(volumeTag);
        LabelConstruct.write(drive, vol1, label);
        LabelConstruct.write(drive, vol1, label.onPartition(DATA_PARTITION));
        IndexEntry root = new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0, now, now, now, now, null,
                List.of(), Map.of(), 1, false);
        LtfsVolume volume = new LtfsVolume(drive, volumeTag, label, newTree(workDir, volumeTag, root), null, 0);
        volume.dataEod = LabelConstruct.LAST_FILEMARK + 1;
        volume.dataIndex = Optional.empty();
        volume.indexPartitionIndex = Optional.empty();
        volume.indexPartitionEod = LabelConstruct.LAST_FILEMARK + 1;
        volume.dirty = true;
        try {
            volume.writeIndex();
            volume.writeIndexPartitionCopy();
        } catch (RuntimeException e) {
            volume.tree.close();
            throw e;
        }
        return volume;
    }

    /**
     * Reads the labels of both partitions and the latest index: the highest generation found at the end of either
     * partition (the data partition's when both hold the same generation).
     *
     * @throws NotLtfsVolumeException          the cartridge holds no LTFS volume
     * @throws MalformedIndexException         a label or the index cannot be parsed (naming partition and block);
     *                                         nothing is written
     * @throws UnsupportedLtfsVersionException the volume has a format version this reader does not know
     * @throws LtfsException                   the labels of the two partitions disagree, or no index is found
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag) {
        return mount(drive, volumeTag, null);
    }

    /**
     * {@link #mount(TapeDrive, String)}, keeping the directory tree in a file under {@code workDir} (see
     * {@link TreeStoreFiles}) until {@link #unmount()}: a tape may hold millions of files.
     *
     * @param workDir the controller's work directory ({@code TAPE_MOUNT_DIR}); null keeps the tree in the heap
     *                (small volumes and tests)
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir) {
        LtfsLabel indexLabel = LabelConstruct.read(drive, INDEX_PARTITION, volumeTag);
        LtfsLabel dataLabel = LabelConstruct.read(drive, DATA_PARTITION, volumeTag);
        if (!indexLabel.volumeUuid().equals(dataLabel.volumeUuid()) || indexLabel.blockSize() != dataLabel.blockSize()) {
            throw new LtfsException(volumeTag + ": the LTFS labels of partitions a and b disagree (volume UUID "
                    + indexLabel.volumeUuid() + " / " + dataLabel.volumeUuid() + ", block size "
                    + indexLabel.blockSize() + " / " + dataLabel.blockSize() + ")");
        }
        int blockSize = indexLabel.blockSize();
        IndexConstruct.Found inData = IndexConstruct.findLast(drive, DATA_PARTITION, blockSize);
        IndexConstruct.Found inIndex = IndexConstruct.findLast(drive, INDEX_PARTITION, blockSize);
        Optional<IndexHeader> dataHeader = inData.index().map(l -> readHeader(drive, l, blockSize, volumeTag));
        Optional<IndexHeader> indexHeader = inIndex.index().map(l -> readHeader(drive, l, blockSize, volumeTag));
        long dataGeneration = dataHeader.map(IndexHeader::generation).orElse(-1L);
        long indexGeneration = indexHeader.map(IndexHeader::generation).orElse(-1L);
        if (dataGeneration < 0 && indexGeneration < 0) {
            throw new LtfsException(volumeTag + ": no LTFS index on either partition");
        }
        IndexLocation latest = dataGeneration >= indexGeneration ? inData.index().get() : inIndex.index().get();

        TreeBuilder builder = new TreeBuilder(volumeTag + " partition " + IndexLocation.partitionId(latest.partition())
                + " block " + latest.startBlock(), workDir, volumeTag);
        IndexHeader header;
        try {
            header = IndexConstruct.read(drive, latest, blockSize, volumeTag, builder);
            if (!header.volumeUuid().equals(indexLabel.volumeUuid())) {
                throw new MalformedIndexException(builder.source, "index names volume " + header.volumeUuid()
                        + " but the labels name " + indexLabel.volumeUuid());
            }
        } catch (RuntimeException e) {
            if (builder.tree != null) {
                builder.tree.close();
            }
            throw e;
        }
        builder.tree.raiseHighestFileUid(header.highestFileUid());
        LtfsVolume volume = new LtfsVolume(drive, volumeTag, indexLabel, builder.tree, header.volumeName(),
                header.generation());
        volume.dataEod = inData.eodBlock();
        volume.dataIndex = inData.index();
        volume.dataIndexGeneration = dataGeneration;
        volume.indexPartitionIndex = inIndex.index();
        volume.indexPartitionGeneration = indexGeneration;
        volume.indexPartitionEod = inIndex.eodBlock();
        rewindQuietly(drive);
        return volume;
    }

    private static IndexHeader readHeader(TapeDrive drive, IndexLocation location, int blockSize, String volumeTag) {
        try {
            IndexConstruct.read(drive, location, blockSize, volumeTag, new IndexVisitor() {
                @Override
                public void header(IndexHeader header) {
                    throw new HeaderRead(header);
                }

                @Override
                public void entry(IndexEntry entry) {
                }
            });
        } catch (HeaderRead read) {
            return read.header;
        }
        throw new MalformedIndexException(volumeTag + " partition " + IndexLocation.partitionId(location.partition())
                + " block " + location.startBlock(), "index has no root directory");
    }

    /** Stops a parse once the header is known. */
    private static final class HeaderRead extends RuntimeException {
        private final transient IndexHeader header;

        HeaderRead(IndexHeader header) {
            super(null, null, false, false);
            this.header = header;
        }
    }

    /** Builds the tree as the index is parsed. */
    private static final class TreeBuilder implements IndexVisitor {
        private final String source;
        private final Path workDir;
        private final String volumeTag;
        private NamespaceTree tree;

        TreeBuilder(String source, Path workDir, String volumeTag) {
            this.source = source;
            this.workDir = workDir;
            this.volumeTag = volumeTag;
        }

        @Override
        public void header(IndexHeader header) {
        }

        @Override
        public void entry(IndexEntry entry) {
            if (entry.path().isEmpty()) {
                tree = newTree(workDir, volumeTag, entry);
                return;
            }
            if (tree.get(entry.path()).isPresent()) {
                throw new MalformedIndexException(source, "two entries named '" + entry.path() + "'");
            }
            tree.put(entry);
        }
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
        return generation;
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
     * What is still writable for files on the data partition, in bytes: the drive's remaining capacity less a reserve
     * for the final index (twice our estimate of its size, plus two blocks).
     */
    public long remainingBytes() {
        long indexEstimate = 4096 + INDEX_BYTES_PER_ENTRY * tree.size();
        long reserve = 2 * (indexEstimate + blockSize());
        return Math.max(0, drive.capacity(DATA_PARTITION).remainingBytes() - reserve);
    }

    /**
     * Checks a caller's path against the LTFS name rules without a volume (nothing is read or written).
     *
     * @return the normalized path (no leading or trailing slash)
     * @throws InvalidEntryException the path names the root or has an empty, "." or ".." component, a NUL character,
     *                               or a name longer than 255 bytes in UTF-8 (LTFS Format Specification 2.4, section 7.4)
     */
    public static String checkPath(String path) {
        return LtfsPaths.normalize(path);
    }

    /**
     * The largest file an empty data partition of {@code dataPartitionBytes} can take, in bytes: the partition less
     * the label construct and the reserve {@link #remainingBytes()} keeps for the final index of a volume holding a few
     * entries. A file never spans tapes (DESIGN.md section 5, "LTFS has no spanning"), so a larger file never fits
     * any cartridge of that capacity.
     *
     * @param dataPartitionBytes size of a data partition, bytes
     * @param blockSize          logical block size, bytes
     */
    public static long largestFileBytes(long dataPartitionBytes, int blockSize) {
        long indexEstimate = 4096 + INDEX_BYTES_PER_ENTRY * FEW_ENTRIES;
        return Math.max(0, dataPartitionBytes - 2 * (indexEstimate + blockSize)
                - (long) LabelConstruct.LAST_FILEMARK * blockSize);
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
     * @throws LtfsException         for data shorter than {@code length} (the bytes written stay unreferenced)
     */
    public WrittenFile writeFile(FileMetadata metadata, InputStream data, long length) {
        ensureOpen();
        String path = LtfsPaths.normalize(metadata.path());
        checkReplaceable(path, EntryKind.FILE);
        if (length < 0) {
            throw new LtfsException("negative file length " + length + " for '" + path + "'");
        }
        long remaining = remainingBytes();
        if (length > remaining) {
            throw new EndOfMediumException(drive.name(), volumeTag + ": file '" + path + "' of " + length
                    + " bytes does not fit: " + remaining + " bytes remain for files on the data partition");
        }
        MessageDigest sha256 = sha256();
        List<Extent> extents = new ArrayList<>();
        if (length > 0) {
            long startBlock = dataEod;
            positionAtDataEod();
            try {
                copyToTape(path, data, length, sha256);
            } finally {
                dataEod = drive.position().block();
            }
            extents.add(new Extent(DATA_PARTITION, startBlock, 0, length, 0));
        }
        String hash = HexFormat.of().formatHex(sha256.digest());
        createParents(path, metadata);
        Map<String, String> xattrs = new HashMap<>();
        xattrs.put(SHA256_XATTR, hash);
        IndexEntry entry = new IndexEntry(path, EntryKind.FILE, length, metadata.mode() & 07777, metadata.uid(),
                metadata.gid(), metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(),
                metadata.accessTime(), null, extents, xattrs, tree.nextFileUid(),
                PosixAttributes.isReadonly(metadata.mode()));
        tree.put(entry);
        dirty = true;
        return new WrittenFile(entry, hash);
    }

    private void copyToTape(String path, InputStream data, long length, MessageDigest sha256) {
        byte[] block = new byte[blockSize()];
        long written = 0;
        try {
            while (written < length) {
                int want = (int) Math.min(block.length, length - written);
                int filled = 0;
                while (filled < want) {
                    int n = data.read(block, filled, want - filled);
                    if (n < 0) {
                        throw new LtfsException(volumeTag + ": data for '" + path + "' ended after "
                                + (written + filled) + " of " + length + " bytes; the file was not recorded");
                    }
                    filled += n;
                }
                sha256.update(block, 0, filled);
                drive.writeBlock(block, 0, filled);
                written += filled;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading data for '" + path + "' after " + written + " bytes", e);
        }
    }

    /**
     * Writes a directory or symbolic link entry (no data), or updates an existing entry's metadata: an existing
     * directory or file keeps its contents or extents and takes the new mode, owner, group and times. Missing parent
     * directories are created (mode 0755, times = the entry's).
     *
     * @throws NoSuchEntryException {@code kind} is FILE and no file exists at the path (use {@link #writeFile})
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that differs from the existing entry's where it cannot be replaced (a
     *                               directory), or a parent that is not a directory
     */
    public IndexEntry writeEntry(FileMetadata metadata) {
        ensureOpen();
        String path = LtfsPaths.normalize(metadata.path());
        Optional<IndexEntry> existing = tree.get(path);
        int mode = metadata.mode() & 07777;
        IndexEntry entry;
        switch (metadata.kind()) {
            case FILE -> {
                IndexEntry file = existing.filter(e -> e.kind() == EntryKind.FILE)
                        .orElseThrow(() -> new NoSuchEntryException(volumeTag, path));
                entry = withMetadata(file, metadata);
            }
            case DIRECTORY -> {
                if (existing.isPresent() && existing.get().kind() != EntryKind.DIRECTORY) {
                    throw new PathConflictException(volumeTag + ": '" + path + "' exists and is not a directory");
                }
                entry = existing.map(dir -> withMetadata(dir, metadata)).orElseGet(() -> {
                    createParents(path, metadata);
                    return new IndexEntry(path, EntryKind.DIRECTORY, 0, mode, metadata.uid(), metadata.gid(),
                            metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(),
                            metadata.accessTime(), null, List.of(), Map.of(), tree.nextFileUid(),
                            PosixAttributes.isReadonly(mode));
                });
            }
            case SYMLINK -> {
                if (metadata.symlinkTarget() == null || metadata.symlinkTarget().isEmpty()) {
                    throw new InvalidEntryException(volumeTag + ": symbolic link '" + path + "' has no target");
                }
                checkReplaceable(path, EntryKind.SYMLINK);
                createParents(path, metadata);
                entry = new IndexEntry(path, EntryKind.SYMLINK, 0, mode, metadata.uid(), metadata.gid(),
                        metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                        metadata.symlinkTarget(), List.of(), Map.of(), tree.nextFileUid(),
                        PosixAttributes.isReadonly(mode));
            }
            default -> throw new IllegalArgumentException("unknown entry kind " + metadata.kind());
        }
        tree.put(entry);
        dirty = true;
        return entry;
    }

    private static IndexEntry withMetadata(IndexEntry entry, FileMetadata metadata) {
        int mode = metadata.mode() & 07777;
        return new IndexEntry(entry.path(), entry.kind(), entry.length(), mode, metadata.uid(), metadata.gid(),
                metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                entry.symlinkTarget(), entry.extents(), entry.xattrs(), entry.fileUid(),
                PosixAttributes.isReadonly(mode));
    }

    /**
     * Removes an entry and, for a directory, everything below it. File data stays on tape, unreferenced.
     *
     * @throws NoSuchEntryException nothing at the path
     */
    public void remove(String path) {
        ensureOpen();
        String normalized = LtfsPaths.normalize(path);
        if (tree.get(normalized).isEmpty()) {
            throw new NoSuchEntryException(volumeTag, normalized);
        }
        tree.removeSubtree(normalized);
        dirty = true;
    }

    /**
     * Moves an entry (and, for a directory, everything below it) to a new path, as POSIX rename: an existing file or
     * symbolic link at the target is replaced, as is an empty directory when a directory moves. Missing parent
     * directories of the target are created (mode 0755, times now).
     *
     * @throws NoSuchEntryException nothing at {@code from}
     * @throws LtfsException        a directory moved into itself, or a target that cannot be replaced
     */
    public void rename(String from, String to) {
        ensureOpen();
        String source = LtfsPaths.normalize(from);
        String target = LtfsPaths.normalize(to);
        IndexEntry moving = tree.get(source).orElseThrow(() -> new NoSuchEntryException(volumeTag, source));
        if (source.equals(target)) {
            return;
        }
        if (LtfsPaths.isSelfOrBelow(target, source)) {
            throw new LtfsException(volumeTag + ": cannot move '" + source + "' into itself ('" + target + "')");
        }
        Optional<IndexEntry> existing = tree.get(target);
        if (existing.isPresent()) {
            boolean movingDir = moving.kind() == EntryKind.DIRECTORY;
            boolean targetDir = existing.get().kind() == EntryKind.DIRECTORY;
            if (movingDir != targetDir || (targetDir && tree.hasChildren(target))) {
                throw new LtfsException(volumeTag + ": cannot replace '" + target + "' by '" + source + "'");
            }
            tree.removeSubtree(target);
        }
        Instant now = Instant.now();
        createParents(target, new FileMetadata(target, EntryKind.DIRECTORY, 0755, moving.uid(), moving.gid(),
                now, now, now, now, null));
        List<IndexEntry> subtree = tree.removeSubtree(source);
        for (IndexEntry entry : subtree) {
            String newPath = target + entry.path().substring(source.length());
            tree.put(new IndexEntry(newPath, entry.kind(), entry.length(), entry.mode(), entry.uid(), entry.gid(),
                    entry.creationTime(), entry == moving ? now : entry.changeTime(), entry.modifyTime(),
                    entry.accessTime(), entry.symlinkTarget(), entry.extents(), entry.xattrs(), entry.fileUid(),
                    entry.readonly()));
        }
        dirty = true;
    }

    /**
     * Reads a file's extents in file-offset order and hands the bytes to {@code sink}; sparse gaps are not delivered.
     *
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    public void readFile(IndexEntry file, FileDataSink sink) {
        ensureOpen();
        byte[] block = new byte[blockSize()];
        List<Extent> extents = new ArrayList<>(file.extents());
        extents.sort(Comparator.comparingLong(Extent::fileOffset));
        for (Extent extent : extents) {
            drive.locate(extent.partition(), extent.startBlock());
            long skip = extent.byteOffset();
            long remaining = extent.byteCount();
            long fileOffset = extent.fileOffset();
            while (remaining > 0) {
                int length;
                try {
                    length = drive.readBlock(block);
                } catch (EndOfDataException e) {
                    length = 0;
                }
                if (length == 0) {
                    throw new LtfsException(volumeTag + ": extent of '" + file.path() + "' at "
                            + IndexLocation.partitionId(extent.partition()) + ":" + extent.startBlock()
                            + " ends at a filemark or EOD with " + remaining + " bytes missing");
                }
                if (skip >= length) {
                    skip -= length;
                    continue;
                }
                int from = (int) skip;
                int take = (int) Math.min(length - from, remaining);
                sink.accept(fileOffset, block, from, take);
                skip = 0;
                remaining -= take;
                fileOffset += take;
            }
        }
    }

    /**
     * Writes a new index generation at EOD of the data partition (after a migration batch), pointing back to the
     * previous data-partition index. Does nothing when nothing changed since the last index.
     */
    public void writeIndex() {
        ensureOpen();
        if (!dirty && dataIndexGeneration == generation) {
            return;
        }
        long newGeneration = dirty ? generation + 1 : generation;
        IndexLocation location = new IndexLocation(DATA_PARTITION, dataEod + 1);
        IndexHeader header = header(newGeneration, location, dataIndex);
        dataEod = IndexConstruct.write(drive, DATA_PARTITION, dataEod, blockSize(), header, tree.root(),
                tree.entries().iterator());
        generation = newGeneration;
        dataIndex = Optional.of(location);
        dataIndexGeneration = newGeneration;
        dirty = false;
    }

    /**
     * Writes the final index on the data partition (when anything changed) and then on the index partition,
     * overwriting the previous index there; the volume is then closed and the cartridge may be unloaded.
     */
    public void unmount() {
        ensureOpen();
        writeIndex();
        if (indexPartitionGeneration != generation) {
            writeIndexPartitionCopy();
        }
        rewindQuietly(drive);
        closed = true;
        tree.close();
    }

    private static NamespaceTree newTree(Path workDir, String volumeTag, IndexEntry root) {
        return workDir == null ? NamespaceTree.inMemory(root) : NamespaceTree.onDisk(workDir, volumeTag, root);
    }

    private void writeIndexPartitionCopy() {
        long filemarkBlock = indexPartitionIndex.map(l -> l.startBlock() - 1).orElse(indexPartitionEod);
        IndexLocation location = new IndexLocation(INDEX_PARTITION, filemarkBlock + 1);
        IndexHeader header = header(generation, location, dataIndex);
        indexPartitionEod = IndexConstruct.write(drive, INDEX_PARTITION, filemarkBlock, blockSize(), header,
                tree.root(), tree.entries().iterator());
        indexPartitionIndex = Optional.of(location);
        indexPartitionGeneration = generation;
    }

    private IndexHeader header(long indexGeneration, IndexLocation location, Optional<IndexLocation> back) {
        return new IndexHeader(FormatVersion.WRITTEN, IndexXmlWriter.CREATOR, null, label.volumeUuid(),
                indexGeneration, Instant.now(), location, back, true, tree.highestFileUid(), "unlocked", volumeName);
    }

    private void positionAtDataEod() {
        TapePosition position = drive.position();
        if (position.partition() != DATA_PARTITION || position.block() != dataEod) {
            drive.locate(DATA_PARTITION, dataEod);
        }
    }

    private void checkReplaceable(String path, EntryKind kind) {
        Optional<IndexEntry> existing = tree.get(path);
        if (existing.isPresent() && existing.get().kind() == EntryKind.DIRECTORY) {
            throw new PathConflictException(volumeTag + ": cannot write " + kind.name().toLowerCase() + " '" + path
                    + "': a directory exists there");
        }
        String parent = LtfsPaths.parent(path);
        while (!parent.isEmpty()) {
            Optional<IndexEntry> ancestor = tree.get(parent);
            if (ancestor.isPresent() && ancestor.get().kind() != EntryKind.DIRECTORY) {
                throw new PathConflictException(volumeTag + ": cannot write '" + path + "': '" + parent + "' is not a directory");
            }
            parent = LtfsPaths.parent(parent);
        }
    }

    private void createParents(String path, FileMetadata metadata) {
        checkReplaceable(path, metadata.kind());
        List<String> missing = new ArrayList<>();
        for (String parent = LtfsPaths.parent(path); !parent.isEmpty(); parent = LtfsPaths.parent(parent)) {
            if (tree.get(parent).isPresent()) {
                break;
            }
            missing.add(0, parent);
        }
        for (String dir : missing) {
            tree.put(new IndexEntry(dir, EntryKind.DIRECTORY, 0, 0755, metadata.uid(), metadata.gid(),
                    metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                    null, List.of(), Map.of(), tree.nextFileUid(), false));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LtfsException(volumeTag + ": volume is unmounted");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static void rewindQuietly(TapeDrive drive) {
        try {
            drive.locate(0, 0);
        } catch (DeviceException e) {
            // positioning back is a courtesy to the next user; the operation's own result stands
        }
    }
}

package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.time.Instant;
import java.util.Optional;

/**
 * The index policy of a mounted volume: keeps where the last index construct of each partition lies and its
 * generation, EOD of both partitions and whether the tree changed since the last index; writes a new generation at
 * EOD of the data partition and the copy on the index partition, overwriting the previous one there; and estimates
 * the room kept for the final index.
 *
 * <p>Back pointers (LTFS Format Specification 2.4, section 5.4.3): each data-partition index points to the previous
 * data-partition index; the index-partition copy points to the data-partition index of the same generation.
 */
final class VolumeIndexWriter {
    /** Our estimate of an index's size per entry, in bytes, for the reserve kept for the final index. */
    private static final long INDEX_BYTES_PER_ENTRY = 1024;
    /** Entries counted in the index reserve of {@link #largestFileBytes}: root, the file and a few parents. */
    private static final int FEW_ENTRIES = 16;

    /**
     * What the index in use says about the volume, carried into every index we write (LTFS Format Specification 2.4,
     * §9.2.1).
     *
     * @param volumeName          the {@code volumename}, null when absent
     * @param volumeLockState     the {@code volumelockstate}: {@code unlocked}, {@code locked} or {@code permlocked}
     * @param comment             the {@code comment}, null when absent
     * @param dataPlacementPolicy the {@code dataplacementpolicy}, if any
     */
    record Carried(String volumeName, String volumeLockState, String comment,
                   Optional<DataPlacementPolicy> dataPlacementPolicy) {
        /** What a freshly formatted volume carries: nothing but {@code unlocked}. */
        static Carried fresh() {
            return new Carried(null, LtfsVolume.UNLOCKED, null, Optional.empty());
        }

        /** What {@code header} says; a missing lock state means {@code unlocked}. */
        static Carried from(IndexHeader header) {
            return new Carried(header.volumeName(),
                    header.volumeLockState() == null ? LtfsVolume.UNLOCKED : header.volumeLockState(),
                    header.comment(), header.dataPlacementPolicy());
        }
    }

    private final TapeDrive drive;
    private final LtfsLabel label;
    private final NamespaceTree tree;
    private final Carried carried;
    private final MamParameters mam;
    private long generation;
    private Optional<IndexLocation> dataIndex = Optional.empty();
    private long dataIndexGeneration;
    private Optional<IndexLocation> indexPartitionIndex = Optional.empty();
    private long indexPartitionGeneration;
    private long dataEod;
    private boolean dirty;
    /** Whether the data partition ends with a complete index construct of the generation in use. */
    private boolean dataPartitionComplete;
    /** Whether the index partition ends with its index construct (complete, with its closing filemark). */
    private boolean indexPartitionComplete;
    /** The highest generation any index on tape names, a damaged one's included: recovery writes a higher one. */
    private long highestGenerationOnTape;

    private VolumeIndexWriter(TapeDrive drive, LtfsLabel label, NamespaceTree tree, Carried carried, long generation,
                              MamParameters mam) {
        this.drive = drive;
        this.label = label;
        this.tree = tree;
        this.carried = carried;
        this.generation = generation;
        this.mam = mam;
    }

    /** For a volume just formatted: both partitions end after their label construct; the first index is due. */
    static VolumeIndexWriter forNewVolume(TapeDrive drive, LtfsLabel label, NamespaceTree tree, MamParameters mam) {
        VolumeIndexWriter writer = new VolumeIndexWriter(drive, label, tree, Carried.fresh(), 0, mam);
        writer.dataEod = LabelConstruct.LAST_FILEMARK + 1;
        writer.dirty = true;
        return writer;
    }

    /** For a volume mounted with the index of {@code header}, as {@code found} lies on tape. */
    static VolumeIndexWriter forMounted(TapeDrive drive, LtfsLabel label, NamespaceTree tree, IndexHeader header,
                                        NewestValidIndex.Found<?> found, MamParameters mam) {
        VolumeIndexWriter writer = new VolumeIndexWriter(drive, label, tree, Carried.from(header),
                header.generation(), mam);
        writer.dataEod = found.dataEod();
        writer.dataIndex = found.dataHead().map(NewestValidIndex.Head::location);
        writer.dataIndexGeneration = found.dataHead().map(NewestValidIndex.Head::generation).orElse(-1L);
        writer.indexPartitionIndex = found.indexHead().map(NewestValidIndex.Head::location);
        writer.indexPartitionGeneration = found.indexHead().map(NewestValidIndex.Head::generation).orElse(-1L);
        writer.dataPartitionComplete = found.dataPartitionComplete();
        writer.indexPartitionComplete = found.indexHead().filter(h -> h.candidate().endBlock().isPresent()
                && h.candidate().endBlock().getAsLong() == found.indexEod()).isPresent();
        writer.highestGenerationOnTape = Math.max(header.generation(), found.highestGeneration());
        return writer;
    }

    Carried carried() {
        return carried;
    }

    /** The generation of the newest index (written or read). */
    long generation() {
        return generation;
    }

    /** Where the last index of the data partition lies, if it holds one. */
    Optional<IndexLocation> dataIndex() {
        return dataIndex;
    }

    /** Where the index partition's index lies, if it holds one. */
    Optional<IndexLocation> indexPartitionIndex() {
        return indexPartitionIndex;
    }

    /** The generation of the index partition's index; -1 when it holds none. */
    long indexPartitionGeneration() {
        return indexPartitionGeneration;
    }

    /** Whether the data partition ends with a complete index construct of the generation in use. */
    boolean dataPartitionComplete() {
        return dataPartitionComplete;
    }

    /** EOD of the data partition, in logical objects: where the next file or index goes. */
    long dataEod() {
        return dataEod;
    }

    /** File data was appended; the data partition now ends at {@code newDataEod}. */
    void dataAppended(long newDataEod) {
        dataEod = newDataEod;
        dataPartitionComplete = false;
    }

    /** The tree changed: the next index is a new generation. */
    void markChanged() {
        dirty = true;
    }

    /** Whether the index partition holds an older generation than the newest index. */
    boolean indexPartitionCopyStale() {
        return indexPartitionGeneration != generation;
    }

    /**
     * Recovery: the next index is a new generation higher than any on tape, a damaged one's included, so that no
     * reader takes a damaged index for the newest.
     */
    void outgrowGenerationsOnTape() {
        generation = Math.max(generation, highestGenerationOnTape);
        dirty = true;
    }

    /**
     * Writes a new index generation at EOD of the data partition, pointing back to the previous data-partition index.
     * A failed write leaves this as before it: writing again starts the construct at the same filemark.
     *
     * @return false, writing nothing, when nothing changed since the last data-partition index
     */
    boolean writeDataIndex() {
        if (!dirty && dataIndexGeneration == generation) {
            return false;
        }
        long newGeneration = dirty ? generation + 1 : generation;
        IndexLocation location = new IndexLocation(LtfsVolume.DATA_PARTITION, dataEod + 1);
        IndexHeader header = header(newGeneration, location, dataIndex);
        dataEod = IndexConstruct.write(drive, LtfsVolume.DATA_PARTITION, dataEod, label.blockSize(), header,
                tree.root(), tree.entries().iterator());
        generation = newGeneration;
        dataIndex = Optional.of(location);
        dataIndexGeneration = newGeneration;
        dataPartitionComplete = true;
        dirty = false;
        updateCoherency();
        return true;
    }

    /**
     * Writes the index of the current generation on the index partition over its previous index construct (or after
     * the label construct when there is none), pointing back to the data-partition index.
     */
    void writeIndexPartitionCopy() {
        long filemarkBlock = indexPartitionIndex.map(l -> l.startBlock() - 1).orElse(LabelConstruct.LAST_FILEMARK + 1);
        IndexLocation location = new IndexLocation(LtfsVolume.INDEX_PARTITION, filemarkBlock + 1);
        indexPartitionComplete = false;
        IndexHeader header = header(generation, location, dataIndex);
        IndexConstruct.write(drive, LtfsVolume.INDEX_PARTITION, filemarkBlock, label.blockSize(),
                header, tree.root(), tree.entries().iterator());
        indexPartitionIndex = Optional.of(location);
        indexPartitionGeneration = generation;
        indexPartitionComplete = true;
        updateCoherency();
        mam.writeHostAttributes(carried.volumeName(), carried.volumeLockState());
    }

    /**
     * The writes of a recovery: a new generation after whatever ends the data partition when it does not end with the
     * index in use, then the index partition copy.
     *
     * <p>Why after the unindexed data and not over it: LTFS Format Specification 2.4 lets an index construct follow
     * any data on the data partition, and appending erases nothing, so data written by a crashed session stays on tape
     * for an expert's tools (the reference implementation's {@code ltfsck} does the same when it keeps the extra
     * blocks, {@code ltfs_check_medium} with {@code recover_extra}; it erases them only when told to). The unindexed
     * blocks are not named by the new index, so the recovered volume holds the files of its last complete index.
     *
     * @return the volume's consistency after them (consistent)
     * @throws RuntimeException a device error of a write; the volume's consistency is then as before
     */
    Consistency writeConsistent() {
        if (!dataPartitionComplete()) {
            outgrowGenerationsOnTape();
            writeDataIndex();
        }
        writeIndexPartitionCopy();
        return Consistency.consistent(generation(), dataIndex().orElseThrow());
    }

    /** Each partition that ends with its index construct gets its Volume Coherency Information. */
    private void updateCoherency() {
        mam.indexWritten(
                dataIndex.filter(l -> dataPartitionComplete)
                        .map(l -> new MamParameters.PartitionIndex(dataIndexGeneration, l.startBlock())),
                indexPartitionIndex.filter(l -> indexPartitionComplete)
                        .map(l -> new MamParameters.PartitionIndex(indexPartitionGeneration, l.startBlock())));
    }

    /**
     * Bytes kept free at the end of the data partition for the final index: twice our estimate of the index's size
     * (4 KiB plus 1 KiB per entry) plus two blocks for its filemarks and its last, partial block.
     */
    long reserveBytes() {
        long indexEstimate = 4096 + INDEX_BYTES_PER_ENTRY * tree.size();
        return 2 * (indexEstimate + label.blockSize());
    }

    /**
     * The largest file an empty data partition of {@code dataPartitionBytes} can take, in bytes: the partition less
     * the label construct and the reserve for the final index of a volume holding a few entries.
     *
     * @param dataPartitionBytes size of a data partition, bytes
     * @param blockSize          logical block size, bytes
     */
    static long largestFileBytes(long dataPartitionBytes, int blockSize) {
        long indexEstimate = 4096 + INDEX_BYTES_PER_ENTRY * FEW_ENTRIES;
        return Math.max(0, dataPartitionBytes - 2 * (indexEstimate + blockSize)
                - (long) LabelConstruct.LAST_FILEMARK * blockSize);
    }

    private IndexHeader header(long indexGeneration, IndexLocation location, Optional<IndexLocation> back) {
        return new IndexHeader(FormatVersion.WRITTEN, IndexXmlWriter.CREATOR, carried.comment(), label.volumeUuid(),
                indexGeneration, Instant.now(), location, back, true, tree.highestFileUid(),
                carried.volumeLockState(), carried.volumeName(), carried.dataPlacementPolicy());
    }
}

package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the index a mount uses: the highest generation on either partition whose index parses whole (the data
 * partition's when both hold the same generation). A damaged or partial index, as a crash in the middle of an index
 * construct leaves it, is passed over for the next older construct of its partition: the one its back pointer names
 * in a volume written in order, found by walking back over filemarks so that a damaged back pointer does not matter
 * (LTFS Format Specification 2.4, section 5.4.3; the reference implementation's {@code ltfs_seek_index}).
 *
 * @param <T> what the caller's parse of the chosen index yields (the namespace tree)
 */
final class NewestValidIndex<T> {

    /** The full parse of one index; throws {@link MalformedIndexException} for a damaged one. */
    interface Parser<T> {
        T parse(IndexLocation location);
    }

    /**
     * An index construct whose header (the elements before the root directory) was read.
     *
     * @param candidate where the construct lies and where it ends
     * @param header    its header
     */
    record Head(IndexConstruct.Candidate candidate, IndexHeader header) {
        long generation() {
            return header.generation();
        }

        IndexLocation location() {
            return candidate.location();
        }

        /** The block after the construct, or {@code eod} when it has no closing filemark. */
        long endOr(long eod) {
            return candidate.endBlock().orElse(eod);
        }
    }

    /**
     * What the search found.
     *
     * @param parsed            the caller's parse of the chosen index
     * @param chosen            the chosen index
     * @param dataHead          the newest data-partition index whose header reads (the chosen one when it lies there)
     * @param indexHead         the same for the index partition
     * @param dataEod           EOD of the data partition, in logical objects
     * @param indexEod          EOD of the index partition, in logical objects
     * @param highestGeneration the highest generation any header read names (a damaged index's included)
     * @param damaged           one line per index construct passed over, naming partition, block and the parser's words
     * @param damagedComplete   whether one of those constructs was complete (had its closing filemark): a damaged
     *                          index, not the partial one a crash in the middle of an index write leaves
     */
    record Found<T>(T parsed, Head chosen, Optional<Head> dataHead, Optional<Head> indexHead, long dataEod,
                    long indexEod, long highestGeneration, List<String> damaged, boolean damagedComplete) {

        /** Whether the data partition ends with a complete construct of the chosen index's generation. */
        boolean dataPartitionComplete() {
            return dataHead.filter(d -> d.generation() == chosen.generation() && d.candidate().endBlock().isPresent()
                    && d.candidate().endBlock().getAsLong() == dataEod).isPresent();
        }

        /**
         * Judges consistency (LTFS Format Specification 2.4, "Consistency"): each partition's last construct is a
         * complete index construct of the chosen generation, and the index partition's index points back to the data
         * partition's last index.
         *
         * @param dataReferencedEnd  the block after the last data-partition block the chosen index names, 0 if none
         * @param indexReferencedEnd the same for the index partition
         */
        Consistency consistency(long dataReferencedEnd, long indexReferencedEnd) {
            List<String> problems = new ArrayList<>(damaged);
            List<UnindexedBlocks> unindexed = new ArrayList<>();
            long generation = chosen.generation();
            String used = "generation " + generation + " at " + chosen.location();
            judge(dataHead, 'b', used, problems);
            judge(indexHead, 'a', used, problems);
            if (indexHead.isPresent() && dataHead.isPresent() && indexHead.get().generation() == generation
                    && !indexHead.get().header().previousGeneration().equals(Optional.of(dataHead.get().location()))) {
                problems.add("the index partition's index points back to "
                        + indexHead.get().header().previousGeneration().map(IndexLocation::toString).orElse("nothing")
                        + ", not to the data partition's last index at " + dataHead.get().location());
            }
            unindexed(1, dataHead, dataEod, dataReferencedEnd).ifPresent(unindexed::add);
            unindexed(0, indexHead, indexEod, indexReferencedEnd).ifPresent(unindexed::add);
            for (UnindexedBlocks blocks : unindexed) {
                problems.add(blocks.objects() + " logical object(s) after the last complete index construct that no"
                        + " index names: " + blocks);
            }
            return new Consistency(generation, chosen.location(), unindexed, problems);
        }

        private void judge(Optional<Head> head, char partition, String used, List<String> problems) {
            if (head.isEmpty()) {
                problems.add("partition " + partition + " holds no valid index");
                return;
            }
            Head last = head.get();
            if (last.generation() != chosen.generation()) {
                problems.add("partition " + partition + "'s last index is generation " + last.generation() + " at "
                        + last.location() + ", older than " + used);
            }
            if (last.candidate().endBlock().isEmpty()) {
                problems.add("the index at " + last.location() + " has no closing filemark");
            }
        }

        private static Optional<UnindexedBlocks> unindexed(int partition, Optional<Head> head, long eod,
                                                           long referencedEnd) {
            long first = Math.max(head.map(h -> h.endOr(eod)).orElse(LabelConstruct.LAST_FILEMARK + 1), referencedEnd);
            return first < eod ? Optional.of(new UnindexedBlocks(partition, first, eod)) : Optional.empty();
        }
    }

    private final TapeDrive drive;
    private final int blockSize;
    private final String volumeTag;
    private final String volumeUuid;
    private final List<String> damaged = new ArrayList<>();
    private long highestGeneration = -1;
    private boolean damagedComplete;

    private NewestValidIndex(TapeDrive drive, int blockSize, String volumeTag, String volumeUuid) {
        this.drive = drive;
        this.blockSize = blockSize;
        this.volumeTag = volumeTag;
        this.volumeUuid = volumeUuid;
    }

    /**
     * Searches both partitions (partition 0 = a, the index partition; 1 = b, the data partition).
     *
     * @param volumeUuid the labels' volume UUID: an index naming another volume is passed over as damaged
     * @throws LtfsException                   neither partition holds an index construct
     * @throws MalformedIndexException         index constructs exist but none parses; the message lists them
     * @throws UnsupportedLtfsVersionException the newest index has a format version this reader does not know
     */
    static <T> Found<T> find(TapeDrive drive, int blockSize, String volumeTag, String volumeUuid, Parser<T> parser) {
        return new NewestValidIndex<T>(drive, blockSize, volumeTag, volumeUuid).search(parser);
    }

    /**
     * Finds the newest index where the Volume Coherency Information says it lies, without the backward search: when
     * nothing was written since each partition's last index, each partition ends with the index construct its
     * parameters name, and the one of the higher generation is the newest (the data partition's when equal), as the
     * reference implementation's {@code ltfs_mount} takes it. Each construct named must lie at its place with its
     * generation, and the newest must parse; otherwise the parameters are not trusted (empty), and the caller
     * searches the tape.
     *
     * @throws UnsupportedLtfsVersionException the newest index has a format version this reader does not know
     */
    static <T> Optional<Found<T>> findByCoherency(TapeDrive drive, int blockSize, String volumeTag, String volumeUuid,
                                                  MamParameters.Coherent coherent, Parser<T> parser) {
        NewestValidIndex<T> search = new NewestValidIndex<>(drive, blockSize, volumeTag, volumeUuid);
        try {
            long dataEod = eod(drive, LtfsVolume.DATA_PARTITION);
            long indexEod = eod(drive, LtfsVolume.INDEX_PARTITION);
            Head data = search.namedHead(LtfsVolume.DATA_PARTITION, coherent.data(), dataEod);
            Head index = search.namedHead(LtfsVolume.INDEX_PARTITION, coherent.index(), indexEod);
            if (data == null || index == null) {
                return Optional.empty();
            }
            Head chosen = data.generation() >= index.generation() ? data : index;
            T parsed = parser.parse(chosen.location());
            return Optional.of(new Found<>(parsed, chosen, Optional.of(data), Optional.of(index), dataEod, indexEod,
                    Math.max(data.generation(), index.generation()), List.of(), false));
        } catch (MalformedIndexException | io.tapelib.controller.device.EndOfDataException e) {
            return Optional.empty();
        }
    }

    private static long eod(TapeDrive drive, int partition) {
        drive.locate(partition, 0);
        drive.spaceToEndOfData();
        return drive.position().block();
    }

    /** The index construct the parameters name, ending at EOD; null when what lies there is another. */
    private Head namedHead(int partition, VolumeCoherency named, long eod) {
        IndexLocation location = new IndexLocation(partition, named.indexBlock());
        if (named.indexBlock() <= LabelConstruct.LAST_FILEMARK || named.indexBlock() >= eod) {
            return null;
        }
        IndexHeader header = readHeader(location);
        if (header.generation() != named.generation()) {
            return null;
        }
        highestGeneration = Math.max(highestGeneration, header.generation());
        return new Head(new IndexConstruct.Candidate(location, java.util.OptionalLong.of(eod)), header);
    }

    private Found<T> search(Parser<T> parser) {
        IndexConstruct.Scan dataScan = IndexConstruct.newestFirst(drive, 1, blockSize);
        IndexConstruct.Scan indexScan = IndexConstruct.newestFirst(drive, 0, blockSize);
        Head data = nextHead(dataScan);
        Head index = nextHead(indexScan);
        while (data != null || index != null) {
            boolean useData = index == null || (data != null && data.generation() >= index.generation());
            Head pick = useData ? data : index;
            try {
                T parsed = parser.parse(pick.location());
                return new Found<>(parsed, pick, Optional.ofNullable(data), Optional.ofNullable(index),
                        dataScan.eodBlock(), indexScan.eodBlock(), highestGeneration, List.copyOf(damaged),
                        damagedComplete);
            } catch (MalformedIndexException e) {
                damaged.add(e.getMessage());
                damagedComplete |= pick.candidate().endBlock().isPresent();
                if (useData) {
                    data = nextHead(dataScan);
                } else {
                    index = nextHead(indexScan);
                }
            }
        }
        if (damaged.isEmpty()) {
            throw new LtfsException(volumeTag + ": no LTFS index on either partition");
        }
        throw new MalformedIndexException(volumeTag, "no index on either partition parses: "
                + String.join("; ", damaged));
    }

    /** The next construct of a scan whose header reads and names this volume and its own place; null when none. */
    private Head nextHead(IndexConstruct.Scan scan) {
        while (scan.hasNext()) {
            IndexConstruct.Candidate candidate = scan.next();
            try {
                IndexHeader header = readHeader(candidate.location());
                highestGeneration = Math.max(highestGeneration, header.generation());
                return new Head(candidate, header);
            } catch (MalformedIndexException e) {
                damaged.add(e.getMessage());
                damagedComplete |= candidate.endBlock().isPresent();
            }
        }
        return null;
    }

    private IndexHeader readHeader(IndexLocation location) {
        String source = volumeTag + " partition " + IndexLocation.partitionId(location.partition())
                + " block " + location.startBlock();
        drive.locate(location.partition(), location.startBlock());
        IndexHeader header;
        try {
            IndexXmlReader.read(new RecordInputStream(drive, blockSize), source, new IndexVisitor() {
                @Override
                public void header(IndexHeader read) {
                    throw new HeaderRead(read);
                }

                @Override
                public void entry(IndexEntry entry) {
                }
            });
            throw new MalformedIndexException(source, "index has no root directory");
        } catch (HeaderRead read) {
            header = read.header;
        }
        if (!header.location().equals(location)) {
            throw new MalformedIndexException(source, "index says it lies at " + header.location());
        }
        if (!header.volumeUuid().equals(volumeUuid)) {
            throw new MalformedIndexException(source, "index names volume " + header.volumeUuid()
                    + " but the labels name " + volumeUuid);
        }
        return header;
    }

    /** Stops a parse once the header is known. */
    private static final class HeaderRead extends RuntimeException {
        private final transient IndexHeader header;

        HeaderRead(IndexHeader header) {
            super(null, null, false, false);
            this.header = header;
        }
    }
}

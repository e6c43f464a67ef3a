package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A volume whose extents are read without its index: the cartridge memory's Volume Coherency Information (MAM 080Ch)
 * of both partitions names the caller's volume UUID and index generation together with the drive's current volume
 * change reference, so nothing was written to the medium since that index was written and the extents the caller
 * holds from it are on tape as that index names them (LTFS Format Specification 2.4, "Medium Auxiliary Memory"; the
 * reference implementation trusts the same test at mount, {@code ltfs_mount}). Only {@link #readFile} is offered: the
 * volume is not mounted, so nothing is written and no index is read.
 *
 * <p>Not thread-safe: one job uses a drive at a time. Device errors pass through unchanged.
 */
public final class CoherentVolume {

    private final FileDataReader reader;
    private final long generation;

    private CoherentVolume(FileDataReader reader, long generation) {
        this.reader = reader;
        this.generation = generation;
    }

    /**
     * The outcome of {@link #check}.
     *
     * @param volume the volume to read from, empty when the volume must be mounted
     * @param reason why, in one phrase for the log
     */
    public record Check(Optional<CoherentVolume> volume, String reason) {
    }

    /**
     * Compares the loaded cartridge's cartridge memory with what the caller expects. Reads two attributes of each
     * partition and, when {@code expected} gives no block size, the data partition's label construct (blocks 0-3);
     * writes nothing.
     *
     * @param volumeTag the cartridge's barcode, for messages
     * @return a volume to read from when the cartridge memory names {@code expected}'s UUID and generation with the
     *         drive's current volume change reference; else the reason it does not
     * @throws NotLtfsVolumeException  no block size was expected and the data partition holds no LTFS label
     * @throws MalformedIndexException no block size was expected and the data partition's label is invalid
     */
    public static Check check(TapeDrive drive, String volumeTag, ExpectedVolume expected) {
        if (!expected.known()) {
            return new Check(Optional.empty(), "the caller names no volume UUID and generation");
        }
        MamParameters mam = new MamParameters(drive, volumeTag, expected.volumeUuid());
        OptionalLong vcr = mam.volumeChangeReference();
        if (vcr.isEmpty()) {
            return new Check(Optional.empty(), "the drive reports no usable volume change reference");
        }
        Optional<MamParameters.Coherent> coherent = mam.coherent();
        if (coherent.isEmpty()) {
            return new Check(Optional.empty(), "the volume coherency information of " + expected.volumeUuid()
                    + " is absent, of another volume, or older than volume change reference " + vcr.getAsLong());
        }
        long onTape = coherent.get().data().generation();
        if (onTape != expected.generation() || coherent.get().index().generation() != onTape) {
            return new Check(Optional.empty(), "the cartridge memory names index generation " + onTape
                    + " (index partition " + coherent.get().index().generation() + "), the caller "
                    + expected.generation());
        }
        int blockSize = expected.blockSize() > 0 ? expected.blockSize()
                : LabelConstruct.read(drive, LtfsVolume.DATA_PARTITION, volumeTag).blockSize();
        return new Check(Optional.of(new CoherentVolume(new FileDataReader(drive, volumeTag, blockSize), onTape)),
                "volume coherency unchanged since index generation " + onTape + " (volume change reference "
                        + vcr.getAsLong() + ")");
    }

    /** The index generation the cartridge memory names, which the caller expected. */
    public long generation() {
        return generation;
    }

    /**
     * Hands a file's bytes to {@code sink} in file-offset order, as {@link LtfsVolume#readFile} does: one locate to
     * each extent's first logical block, then its blocks; zeros for sparse gaps.
     *
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    public void readFile(IndexEntry file, FileDataSink sink) {
        reader.read(file, 0, sink);
    }

    /**
     * {@link #readFile(IndexEntry, FileDataSink)} of the bytes from {@code from} on (see {@link LtfsVolume#readFile(
     * IndexEntry, long, FileDataSink)}).
     *
     * @throws LtfsException an extent runs into a filemark or EOD before its byte count
     */
    public void readFile(IndexEntry file, long from, FileDataSink sink) {
        reader.read(file, from, sink);
    }
}

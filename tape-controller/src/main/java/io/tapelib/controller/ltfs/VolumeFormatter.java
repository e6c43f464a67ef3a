package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * mkltfs equivalent: partitions the cartridge and writes the label constructs and index generation 1 on both
 * partitions (LTFS Format Specification 2.4, §5 and §8). Behind
 * {@link LtfsVolumes#format(TapeDrive, String, LtfsFormatOptions, Path)}.
 */
final class VolumeFormatter {

    private VolumeFormatter() {
    }

    /** The index partition a format of a cartridge of {@code cartridgeBytes} makes: the option, else two of 80 wraps. */
    static long indexPartitionBytes(long cartridgeBytes, LtfsFormatOptions options) {
        return options.indexPartitionBytes() > 0 ? options.indexPartitionBytes() : cartridgeBytes * 2 / 80;
    }

    /** See {@link LtfsVolumes#format(TapeDrive, String, LtfsFormatOptions, Path)} for the errors thrown. */
    static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options, Path workDir,
                             BlockHasher hasher) {
        drive.formatPartitions(indexPartitionBytes(drive.capacity(0).totalBytes(), options));
        Instant now = Instant.now();
        LtfsLabel label = new LtfsLabel(FormatVersion.WRITTEN, IndexXmlWriter.CREATOR, now,
                UUID.randomUUID().toString(), LtfsVolume.INDEX_PARTITION, LtfsVolume.INDEX_PARTITION,
                LtfsVolume.DATA_PARTITION, options.blockSize(), true);
        Vol1Label vol1 = Vol1Label.forVolumeTag(volumeTag);
        LabelConstruct.write(drive, vol1, label);
        LabelConstruct.write(drive, vol1, label.onPartition(LtfsVolume.DATA_PARTITION));
        IndexEntry root = new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0, now, now, now, now, null,
                List.of(), Map.of(), 1, false);
        NamespaceTree tree = TreeBuilder.newTree(workDir, volumeTag, root);
        VolumeIndexWriter indexes = VolumeIndexWriter.forNewVolume(drive, label, tree,
                new MamParameters(drive, volumeTag, label.volumeUuid()));
        LtfsVolume volume = new LtfsVolume(drive, volumeTag, label, tree, indexes,
                Consistency.consistent(0, new IndexLocation(LtfsVolume.DATA_PARTITION, indexes.dataEod() + 1)), hasher);
        try {
            volume.writeIndex();
            indexes.writeIndexPartitionCopy();
        } catch (RuntimeException e) {
            volume.closeTree();
            throw e;
        }
        return volume;
    }
}

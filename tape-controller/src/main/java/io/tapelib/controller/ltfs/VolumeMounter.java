package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Mounts an LTFS volume: reads the labels of both partitions, the Volume Coherency Information in the cartridge
 * memory, and the newest valid index (LTFS Format Specification 2.4, §5 and "Consistency"); hands an inconsistent
 * volume to {@link MountHealing}. Behind {@link LtfsVolumes#mount(TapeDrive, String, Path, boolean, Predicate)}.
 */
final class VolumeMounter {

    // the facade's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private VolumeMounter() {
    }

    /** See {@link LtfsVolumes#mount(TapeDrive, String, Path, boolean, Predicate)} for the errors thrown. */
    static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir, boolean healOwn,
                            Predicate<String> firstWarning, BlockHasher hasher) {
        LtfsLabel indexLabel = LabelConstruct.read(drive, LtfsVolume.INDEX_PARTITION, volumeTag);
        LtfsLabel dataLabel = LabelConstruct.read(drive, LtfsVolume.DATA_PARTITION, volumeTag);
        if (!indexLabel.volumeUuid().equals(dataLabel.volumeUuid()) || indexLabel.blockSize() != dataLabel.blockSize()) {
            throw new LtfsException(volumeTag + ": the LTFS labels of partitions a and b disagree (volume UUID "
                    + indexLabel.volumeUuid() + " / " + dataLabel.volumeUuid() + ", block size "
                    + indexLabel.blockSize() + " / " + dataLabel.blockSize() + ")");
        }
        int blockSize = indexLabel.blockSize();
        NewestValidIndex.Parser<TreeBuilder> parser = location -> {
            TreeBuilder builder = new TreeBuilder(volumeTag + " partition "
                    + IndexLocation.partitionId(location.partition()) + " block " + location.startBlock(),
                    blockSize, workDir, volumeTag);
            try {
                IndexConstruct.read(drive, location, blockSize, volumeTag, builder);
                return builder;
            } catch (RuntimeException e) {
                builder.closeTree();
                throw e;
            }
        };
        MamParameters mam = new MamParameters(drive, volumeTag, indexLabel.volumeUuid());
        String mamState = MountRecovery.describeMam(mam);
        // the reference implementation's order: the Volume Coherency Information first, the tape searched only when
        // it is absent, stale, or names constructs that are not there (tapes of earlier versions have none)
        NewestValidIndex.Found<TreeBuilder> found = mam.coherent()
                .flatMap(c -> NewestValidIndex.findByCoherency(drive, blockSize, volumeTag, indexLabel.volumeUuid(),
                        c, parser))
                .orElseGet(() -> NewestValidIndex.find(drive, blockSize, volumeTag, indexLabel.volumeUuid(), parser));
        TreeBuilder builder = found.parsed();
        IndexHeader header = found.chosen().header();
        NamespaceTree tree = builder.tree();
        tree.raiseHighestFileUid(header.highestFileUid());
        VolumeIndexWriter indexes = VolumeIndexWriter.forMounted(drive, indexLabel, tree, header, found, mam);
        LtfsVolume volume = new LtfsVolume(drive, volumeTag, indexLabel, tree, indexes,
                found.consistency(builder.referencedEnd(LtfsVolume.DATA_PARTITION),
                        builder.referencedEnd(LtfsVolume.INDEX_PARTITION)), hasher);
        if (!LtfsVolume.UNLOCKED.equals(volume.volumeLockState())) {
            LOG.infof("%s: the index says the volume is %s; mounted read-only", volumeTag, volume.volumeLockState());
        }
        if (!volume.consistency().consistent()) {
            MountHealing.settle(volume, indexes, new RecoveryDecision.Facts(header.creator(),
                    found.chosen().location().partition(), volume.volumeLockState(), drive.status().writeProtected(),
                    found.damagedComplete()), healOwn, mamState, firstWarning);
        }
        Rewind.quietly(drive);
        return volume;
    }
}

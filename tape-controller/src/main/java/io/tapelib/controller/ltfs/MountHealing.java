package io.tapelib.controller.ltfs;

import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * What a mount does with an inconsistent volume: recovers it at once when {@link RecoveryDecision} says so (a volume
 * this service wrote, as the LTFS reference implementation recovers at mount), else leaves it read-only; either way
 * in one log line.
 */
final class MountHealing {

    // the facade's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private MountHealing() {
    }

    /**
     * @param healOwn  recover volumes this service wrote; false leaves every volume as found
     * @param mamState {@link MountRecovery#describeMam} before anything was written
     * @param firstWarning told the WARN line of a volume left read-only; false when this cartridge's same line was
     *                 logged at an earlier mount (it is then logged at DEBUG)
     * @throws RuntimeException a device error of the recovery's writes, the volume's tree then closed
     */
    static void settle(LtfsVolume volume, VolumeIndexWriter indexes, RecoveryDecision.Facts facts, boolean healOwn,
                       String mamState, Predicate<String> firstWarning) {
        RecoveryDecision decision = RecoveryDecision.decide(facts);
        String volumeTag = volume.volumeTag();
        if (healOwn && decision.automatic()) {
            Consistency before = volume.consistency();
            long indexPartitionGeneration = indexes.indexPartitionGeneration();
            try {
                volume.restoreConsistency();
            } catch (RuntimeException e) {
                volume.closeTree();
                throw e;
            }
            LOG.info(MountRecovery.line(volumeTag, before, indexPartitionGeneration, volume.consistency(),
                    indexes.indexPartitionIndex().orElseThrow(), mamState));
        } else {
            String warning = volumeTag + ": " + volume.consistency().summary() + "; "
                    + (healOwn ? decision.reason().orElse("") : "mounted as found");
            if (firstWarning.test(warning)) {
                LOG.warn(warning);
            } else {
                LOG.debugf("%s (as at an earlier mount)", warning);
            }
        }
    }
}

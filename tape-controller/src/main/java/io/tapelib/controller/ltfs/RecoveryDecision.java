package io.tapelib.controller.ltfs;

import java.util.Optional;

/**
 * Whether an inconsistent volume is made consistent at mount without an operator, as the LTFS reference
 * implementation does at mount ({@code ltfs_mount}: with the Volume Coherency Information unchanged and a newer index
 * on the data partition it writes the index partition copy; otherwise {@code ltfs_check_medium} with fixes allowed
 * appends a copy of the newest index). The cases are those of LTFS Format Specification 2.4, "Consistency": the
 * newest complete index lies on the data partition, and what follows it there is nothing, or blocks no index names
 * (file data or a partial index a crash left). Recovery then appends an index naming what the newest index names and
 * refreshes the index partition copy; it erases nothing.
 *
 * <p>Left to the operator, read-only and reported: a volume whose newest index another implementation wrote (its
 * {@code creator}), a write-protected cartridge, a volume whose index says it is locked, a volume with a complete
 * index construct that does not parse (a damaged index, not a crash's partial one), and a volume whose newest index
 * lies on the index partition.
 *
 * @param automatic whether the controller recovers the volume itself
 * @param reason    why not, for the operator; empty when automatic
 */
public record RecoveryDecision(boolean automatic, Optional<String> reason) {

    /** The start of the {@code creator} of every index this service writes ({@link IndexXmlWriter#CREATOR}). */
    static final String OUR_CREATOR_PREFIX = "Tape Library Service ";

    /**
     * What the newest index and the drive say about an inconsistent volume.
     *
     * @param creator              the newest valid index's {@code creator}
     * @param indexPartition       the partition that index lies on (0 = a, 1 = b)
     * @param volumeLockState      the index's {@code volumelockstate}
     * @param writeProtected       the cartridge's write-protect tab is set
     * @param damagedCompleteIndex a complete index construct (one with its closing filemark) does not parse
     */
    public record Facts(String creator, int indexPartition, String volumeLockState, boolean writeProtected,
                        boolean damagedCompleteIndex) {
    }

    /** Decides; the first reason that applies is given. */
    public static RecoveryDecision decide(Facts facts) {
        if (facts.creator() == null || !facts.creator().startsWith(OUR_CREATOR_PREFIX)) {
            return refuse("its newest index was written by other software (creator '" + facts.creator() + "')");
        }
        if (facts.writeProtected()) {
            return refuse("the cartridge is write protected");
        }
        if (!LtfsVolume.UNLOCKED.equals(facts.volumeLockState())) {
            return refuse("its index says the volume is " + facts.volumeLockState());
        }
        if (facts.damagedCompleteIndex()) {
            return refuse("an index construct on tape is damaged");
        }
        if (facts.indexPartition() != LtfsVolume.DATA_PARTITION) {
            return refuse("its newest index lies on the index partition, not the data partition");
        }
        return new RecoveryDecision(true, Optional.empty());
    }

    private static RecoveryDecision refuse(String reason) {
        return new RecoveryDecision(false, Optional.of("not recovered automatically: " + reason));
    }
}

package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which cartridge a reclaim takes: past the threshold, LTFS, in the library, not write protected, the most dead bytes
 * first.
 */
class ReclaimPolicyTest {
    private static final long CAPACITY = 1_000_000;
    private final ReclaimPolicy policy = new ReclaimPolicy(0.20);

    /** A drive holding TAPE01, slots holding TAPE02, TAPE03, TAPE04 and a cleaning cartridge; TAPE05 is in a mail slot. */
    private static final LibraryInventory LIBRARY = new LibraryInventory(
            List.of(new LibraryElement(0, true, "TAPE01L6", 1, false)),
            List.of(new LibraryElement(2, true, "TAPE02L6", 0, false), new LibraryElement(3, true, "TAPE03L6", 0, false),
                    new LibraryElement(4, true, "TAPE04L6", 0, false), new LibraryElement(5, true, "CLN001L1", 0, true)),
            List.of(new LibraryElement(6, true, "TAPE05L6", 0, false)), null);

    private static VolumeUse use(String tag, VolumeState state, long used, long live) {
        return new VolumeUse(tag, state, CAPACITY, used, live, 3, false);
    }

    @Test
    void deadBytesPastTheShareOfTheCapacityMakeACartridgeDue() {
        assertThat(policy.due(use("TAPE01L6", VolumeState.LTFS, 900_000, 700_000))).as("exactly 20%").isFalse();
        assertThat(policy.due(use("TAPE01L6", VolumeState.LTFS, 900_000, 699_999))).isTrue();
        assertThat(use("TAPE01L6", VolumeState.LTFS, 100, 200).deadBytes()).as("never negative").isZero();
    }

    @Test
    void theCartridgeWithTheMostDeadBytesIsChosenAmongThoseInTheLibraryThatAreLtfsAndNotReclaimingAlready() {
        List<VolumeUse> uses = List.of(
                use("TAPE01L6", VolumeState.LTFS, 900_000, 600_000),
                use("TAPE02L6", VolumeState.LTFS, 900_000, 100_000),
                use("TAPE03L6", VolumeState.UNSUPPORTED, 1_000_000, 0),
                use("TAPE04L6", VolumeState.LTFS, 900_000, 500_000),
                use("TAPE05L6", VolumeState.LTFS, 1_000_000, 0),
                use("TAPE06L6", VolumeState.LTFS, 1_000_000, 0));

        assertThat(policy.choose(uses, LIBRARY, Set.of())).map(VolumeUse::volumeTag).contains("TAPE02L6");
        assertThat(policy.choose(uses, LIBRARY, Set.of("TAPE02L6"))).map(VolumeUse::volumeTag).contains("TAPE04L6");
        assertThat(policy.choose(uses, LIBRARY, Set.of("TAPE02L6", "TAPE04L6", "TAPE01L6"))).isEmpty();
        assertThat(policy.refusal(uses.get(2), LIBRARY)).get().asString().contains("UNSUPPORTED");
        assertThat(policy.refusal(uses.get(4), LIBRARY)).as("in a mail slot").get().asString().contains("shelved");
        assertThat(policy.refusal(uses.get(5), LIBRARY)).as("out of the library").get().asString().contains("shelved");
        assertThat(policy.refusal(uses.get(0), LIBRARY)).as("in a drive").isEmpty();
    }

    @Test
    void aWriteProtectedCartridgeIsNeverChosenNorStartedByHand() {
        VolumeUse writeProtected = new VolumeUse("TAPE02L6", VolumeState.LTFS, CAPACITY, 900_000, 100_000, 3, true);
        List<VolumeUse> uses = List.of(writeProtected, use("TAPE04L6", VolumeState.LTFS, 900_000, 500_000));

        assertThat(policy.choose(uses, LIBRARY, Set.of())).as("the most dead bytes, but write protected")
                .map(VolumeUse::volumeTag).contains("TAPE04L6");
        assertThat(policy.refusal(writeProtected, LIBRARY)).get().asString().contains("TAPE02L6 is write protected");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ReclaimPolicy(0)).hasMessageContaining("RECLAIM_THRESHOLD");
        assertThatThrownBy(() -> new ReclaimPolicy(1.5)).hasMessageContaining("RECLAIM_THRESHOLD");
    }
}

package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which inconsistent volumes the controller recovers at mount, and why the others are left to an operator. */
class RecoveryDecisionTest {

    private static RecoveryDecision decide(String creator, int partition, String lock, boolean writeProtected,
                                           boolean damaged) {
        return RecoveryDecision.decide(new RecoveryDecision.Facts(creator, partition, lock, writeProtected, damaged));
    }

    @Test
    void ourOwnVolumeWithItsNewestIndexOnTheDataPartitionIsRecovered() {
        RecoveryDecision decision = decide(IndexXmlWriter.CREATOR, 1, "unlocked", false, false);

        assertThat(decision.automatic()).isTrue();
        assertThat(decision.reason()).isEmpty();
    }

    @Test
    void anEarlierVersionOfThisServiceCountsAsOurOwn() {
        assertThat(decide("Tape Library Service 0.0.9 - Linux - tape-controller", 1, "unlocked", false, false)
                .automatic()).isTrue();
    }

    @Test
    void aVolumeWhoseNewestIndexOtherSoftwareWroteIsLeftToTheOperator() {
        RecoveryDecision decision = decide("LTFS 2.4.5.1 - Linux - ltfs", 1, "unlocked", false, false);

        assertThat(decision.automatic()).isFalse();
        assertThat(decision.reason()).hasValueSatisfying(r -> assertThat(r).contains("other software",
                "LTFS 2.4.5.1 - Linux - ltfs"));
        assertThat(decide(null, 1, "unlocked", false, false).automatic()).isFalse();
    }

    @Test
    void aWriteProtectedCartridgeIsLeftReadOnly() {
        RecoveryDecision decision = decide(IndexXmlWriter.CREATOR, 1, "unlocked", true, false);

        assertThat(decision.automatic()).isFalse();
        assertThat(decision.reason()).hasValueSatisfying(r -> assertThat(r).contains("write protected"));
    }

    @Test
    void aDamagedIndexIsLeftToTheOperator() {
        RecoveryDecision decision = decide(IndexXmlWriter.CREATOR, 1, "unlocked", false, true);

        assertThat(decision.automatic()).isFalse();
        assertThat(decision.reason()).hasValueSatisfying(r -> assertThat(r).contains("damaged"));
    }

    @Test
    void aLockedVolumeOrOneWhoseNewestIndexIsOnTheIndexPartitionIsLeftToTheOperator() {
        assertThat(decide(IndexXmlWriter.CREATOR, 1, "locked", false, false).reason())
                .hasValueSatisfying(r -> assertThat(r).contains("locked"));
        assertThat(decide(IndexXmlWriter.CREATOR, 0, "unlocked", false, false).reason())
                .hasValueSatisfying(r -> assertThat(r).contains("index partition"));
    }
}

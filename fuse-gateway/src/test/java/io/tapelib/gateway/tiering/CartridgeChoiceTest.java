package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cartridge a drive's worker serves next: class, age, its own cartridge, and the RECALL_MAX_WAIT bound. */
class CartridgeChoiceTest {
    private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
    private final CartridgeChoice choice = new CartridgeChoice(Duration.ofMinutes(5));

    private static CartridgeChoice.Candidate cartridge(String tag, RecallPriority best, Duration age, boolean current,
                                                       boolean loaded) {
        return new CartridgeChoice.Candidate(tag, best, NOW.minus(age), NOW.minus(age), current, loaded);
    }

    private String chosen(CartridgeChoice.Candidate... candidates) {
        return choice.choose(List.of(candidates), NOW).orElseThrow().volumeTag();
    }

    @Test
    void aMoreUrgentClassGoesFirstHoweverYoungItsRequest() {
        assertThat(chosen(cartridge("A", RecallPriority.BULK, Duration.ofMinutes(3), false, true),
                cartridge("B", RecallPriority.INTERACTIVE, Duration.ofSeconds(2), false, false))).isEqualTo("B");
        assertThat(chosen(cartridge("A", RecallPriority.BACKGROUND, Duration.ofMinutes(3), false, true),
                cartridge("B", RecallPriority.BULK, Duration.ofSeconds(2), false, false))).isEqualTo("B");
    }

    @Test
    void withinAClassTheOldestRequestGoesFirst() {
        assertThat(chosen(cartridge("A", RecallPriority.INTERACTIVE, Duration.ofSeconds(10), false, true),
                cartridge("B", RecallPriority.INTERACTIVE, Duration.ofSeconds(40), false, false),
                cartridge("C", RecallPriority.INTERACTIVE, Duration.ofSeconds(20), false, false))).isEqualTo("B");
    }

    @Test
    void whenAgesTieTheWorkersOwnCartridgeThenOneInADriveThenTheVolumeTagDecide() {
        Duration age = Duration.ofSeconds(30);
        assertThat(chosen(cartridge("A", RecallPriority.BULK, age, false, true),
                cartridge("B", RecallPriority.BULK, age, true, true))).isEqualTo("B");
        assertThat(chosen(cartridge("A", RecallPriority.BULK, age, false, false),
                cartridge("B", RecallPriority.BULK, age, false, true))).isEqualTo("B");
        assertThat(chosen(cartridge("B", RecallPriority.BULK, age, false, false),
                cartridge("A", RecallPriority.BULK, age, false, false))).isEqualTo("A");
    }

    @Test
    void theCartridgeJustServedStaysWhileNewRequestsForItArriveAndNoOtherWaitedPastTheBound() {
        assertThat(chosen(cartridge("A", RecallPriority.INTERACTIVE, Duration.ofSeconds(1), true, true),
                cartridge("B", RecallPriority.INTERACTIVE, Duration.ofMinutes(4), false, false))).isEqualTo("A");
        assertThat(chosen(cartridge("A", RecallPriority.INTERACTIVE, Duration.ofSeconds(1), true, true),
                cartridge("B", RecallPriority.BACKGROUND, Duration.ofMinutes(4), false, false))).isEqualTo("A");
    }

    @Test
    void aRequestThatWaitedLongerThanRecallMaxWaitTakesTheDriveFromTheCartridgeInIt() {
        assertThat(chosen(cartridge("A", RecallPriority.INTERACTIVE, Duration.ofSeconds(1), true, true),
                cartridge("B", RecallPriority.BACKGROUND, Duration.ofMinutes(6), false, false),
                cartridge("C", RecallPriority.BACKGROUND, Duration.ofMinutes(5).plusSeconds(10), false, false)))
                .as("the oldest of those past the bound, whatever its class").isEqualTo("B");
    }

    @Test
    void aMoreUrgentClassElsewhereEndsTheStay() {
        assertThat(chosen(cartridge("A", RecallPriority.BULK, Duration.ofSeconds(1), true, true),
                cartridge("B", RecallPriority.INTERACTIVE, Duration.ofSeconds(1), false, false))).isEqualTo("B");
    }

    @Test
    void nothingWaitingChoosesNothing() {
        assertThat(choice.choose(List.of(), NOW)).isEmpty();
    }
}

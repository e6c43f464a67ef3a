package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void waitsOneSecondThenDoublesUpToFiveMinutes() {
        RetryBackoff backoff = new RetryBackoff();
        List<Duration> waits = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 12; i++) {
            Duration wait = backoff.failed(now);
            waits.add(wait);
            now = now.plus(wait);
        }
        assertThat(waits).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(waits.get(8)).isEqualTo(Duration.ofSeconds(256));
        assertThat(waits.subList(9, 12)).containsOnly(Duration.ofMinutes(5));
    }

    @Test
    void noAttemptBeforeTheWaitHasPassed() {
        RetryBackoff backoff = new RetryBackoff();
        assertThat(backoff.due(T0)).isTrue();
        backoff.failed(T0);
        backoff.failed(T0.plusSeconds(1));
        assertThat(backoff.due(T0.plusSeconds(2))).isFalse();
        assertThat(backoff.due(T0.plusSeconds(3))).isTrue();
    }

    @Test
    void successResetsTheWait() {
        RetryBackoff backoff = new RetryBackoff();
        for (int i = 0; i < 5; i++) {
            backoff.failed(T0);
        }
        backoff.succeeded();
        assertThat(backoff.due(T0)).isTrue();
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(1));
    }
}

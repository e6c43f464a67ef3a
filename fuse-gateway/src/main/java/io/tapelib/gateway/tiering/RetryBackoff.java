package io.tapelib.gateway.tiering;

import java.time.Duration;
import java.time.Instant;

/**
 * When the write-back may try the controller again after a failed round: 1 s after the first failure,
 * doubling with each further failure up to 5 minutes, back to no wait after a round that succeeds. Keeps a
 * controller that refuses every batch from being called (and its drive loaded) once a second.
 * Not thread-safe: used by the write-back's single timer thread.
 */
final class RetryBackoff {
    /** Wait after the first failure. */
    static final Duration FIRST = Duration.ofSeconds(1);
    /** Longest wait between two attempts. */
    static final Duration LONGEST = Duration.ofMinutes(5);

    private Duration next = FIRST;
    private Instant notBefore = Instant.MIN;

    /** Whether an attempt may start at {@code now}. */
    boolean due(Instant now) {
        return !now.isBefore(notBefore);
    }

    /**
     * Records a failed attempt at {@code now}.
     *
     * @return how long to wait before the next attempt
     */
    Duration failed(Instant now) {
        Duration wait = next;
        notBefore = now.plus(wait);
        next = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
        return wait;
    }

    /** Records a successful attempt: the next failure waits {@link #FIRST} again. */
    void succeeded() {
        next = FIRST;
        notBefore = Instant.MIN;
    }
}

package io.tapelib.controller.api.grpc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a drive thread's wait at a stream hand-off must end, and with which reason. */
class HandOffDeadlineTest {

    private final AtomicBoolean callEnded = new AtomicBoolean();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    @Test
    void aWaitWithinTheStallTimeoutGoesOn() {
        HandOffDeadline deadline = new HandOffDeadline(Duration.ofMinutes(1), callEnded::get, shuttingDown::get);

        assertThatCode(() -> deadline.check("data", System.nanoTime())).doesNotThrowAnyException();
    }

    @Test
    void theEndOfTheCallEndsTheWaitNamingTheClient() {
        HandOffDeadline deadline = new HandOffDeadline(Duration.ofMinutes(1), callEnded::get, shuttingDown::get);
        callEnded.set(true);

        assertThatThrownBy(() -> deadline.check("the next Migrate message", System.nanoTime()))
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("the client went away").hasMessageContaining("the next Migrate message");
    }

    @Test
    void shutdownEndsTheWait() {
        HandOffDeadline deadline = new HandOffDeadline(Duration.ofMinutes(1), callEnded::get, shuttingDown::get);
        shuttingDown.set(true);

        assertThatThrownBy(() -> deadline.check("data", System.nanoTime())).isInstanceOf(CancellationException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void aStallIsCountedFromTheLaterOfTheWaitsStartAndTheLastProgress() {
        HandOffDeadline deadline = new HandOffDeadline(Duration.ofSeconds(10), callEnded::get, shuttingDown::get);
        long longAgo = System.nanoTime() - Duration.ofSeconds(30).toNanos();

        // created just now: the last progress is recent, so an old wait start alone is no stall
        assertThatCode(() -> deadline.check("data", longAgo)).doesNotThrowAnyException();

        HandOffDeadline idle = new HandOffDeadline(Duration.ZERO, callEnded::get, shuttingDown::get);
        assertThatThrownBy(() -> idle.check("the client to read", longAgo)).isInstanceOf(CancellationException.class)
                .hasMessageContaining("no progress").hasMessageContaining("STREAM_STALL_TIMEOUT");
    }
}

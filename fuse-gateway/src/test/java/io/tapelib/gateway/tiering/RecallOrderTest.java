package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tapelib.gateway.controller.DriveTimings;
import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order {@code /.tapelib/queue} lists: the batches being read, then the waiting cartridges as chosen. */
class RecallOrderTest {
    private final TieringFixture.SteppingClock clock = new TieringFixture.SteppingClock();
    private final RecallQueue queue = new RecallQueue(100, clock, new CartridgeChoice(Duration.ofMinutes(5)));
    /** One arrival time for the bulk requests: equal ages, so the loaded cartridge's tie-break decides. */
    private final Instant arrived = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private RecallRequest request(long inode, String tag, long block, RecallPriority priority) {
        Instant at = priority == RecallPriority.INTERACTIVE ? arrived.plusSeconds(5) : arrived;
        return new RecallRequest(inode, tag, 1, block, 1000, priority, at, at.plusSeconds(600));
    }

    @Test
    void theBatchBeingReadComesFirstThenTheMostUrgentThenTheLoadedCartridgeEachInTapeOrder() throws Exception {
        queue.offerAll(List.of(request(1, "TAPE09", 300, RecallPriority.BULK), request(2, "TAPE09", 100,
                RecallPriority.BULK)));
        assertThat(queue.take(0, null, Set.of(), Duration.ofMillis(50))).isPresent();
        queue.offerAll(List.of(request(3, "TAPE02", 20, RecallPriority.BULK), request(4, "TAPE02", 10,
                RecallPriority.BULK), request(5, "TAPE03", 5, RecallPriority.BULK)));
        queue.offer(request(6, "TAPE01", 7, RecallPriority.INTERACTIVE));
        LibraryView library = new LibraryView(2, Set.of("TAPE03"), false, DriveTimings.LTO5);

        List<QueuedRecall> order = RecallOrder.files(queue.snapshot(), library);

        assertThat(order).extracting(QueuedRecall::inode, QueuedRecall::volumeTag, QueuedRecall::block,
                QueuedRecall::reading).containsExactly(
                tuple(2L, "TAPE09", 100L, true), tuple(1L, "TAPE09", 300L, true),
                tuple(6L, "TAPE01", 7L, false),
                tuple(5L, "TAPE03", 5L, false),
                tuple(4L, "TAPE02", 10L, false), tuple(3L, "TAPE02", 20L, false));
    }
}

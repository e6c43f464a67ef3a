package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one recall queue: joins, batches in tape order, one worker per cartridge, the bound, back-off. */
class RecallQueueTest {
    private final TieringFixture.SteppingClock clock = new TieringFixture.SteppingClock();
    private final RecallQueue queue = new RecallQueue(4, clock, new CartridgeChoice(Duration.ofMinutes(5)));

    private RecallRequest request(long inode, String tag, int partition, long block, RecallPriority priority) {
        Instant now = clock.instant();
        return new RecallRequest(inode, tag, partition, block, 1000, priority, now, now.plusSeconds(60));
    }

    private CartridgeBatch take(int worker) throws InterruptedException {
        return queue.take(worker, null, Set.of(), Duration.ofMillis(50)).orElse(null);
    }

    @Test
    void aSecondRequestForAWaitingFileJoinsItRaisingItsPriorityAndKeepingItsAge() throws Exception {
        RecallRequest first = request(7, "A", 1, 40, RecallPriority.BACKGROUND);
        assertThat(queue.offer(first)).isEqualTo(RecallQueue.Admission.QUEUED);
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.offer(request(7, "A", 1, 40, RecallPriority.INTERACTIVE))).isEqualTo(RecallQueue.Admission.JOINED);
        assertThat(queue.offer(request(7, "A", 1, 40, RecallPriority.BULK))).isEqualTo(RecallQueue.Admission.JOINED);

        CartridgeBatch batch = take(0);

        assertThat(batch.requests()).singleElement().satisfies(r -> {
            assertThat(r.priority()).isEqualTo(RecallPriority.INTERACTIVE);
            assertThat(r.arrived()).isEqualTo(first.arrived());
        });
    }

    @Test
    void aWorkerTakesEverythingWaitingForOneCartridgeInPartitionAndBlockOrder() throws Exception {
        queue.offerAll(List.of(request(1, "A", 1, 900, RecallPriority.BULK), request(2, "B", 1, 5, RecallPriority.BULK),
                request(3, "A", 1, 20, RecallPriority.BULK), request(4, "A", 0, 700, RecallPriority.BULK)));

        CartridgeBatch batch = take(0);

        assertThat(batch.volumeTag()).isEqualTo("A");
        assertThat(batch.requests()).extracting(RecallRequest::inode).containsExactly(4L, 3L, 1L);
        assertThat(queue.snapshot().queued()).isEqualTo(1);
    }

    @Test
    void aCartridgeBeingReadIsGivenToNoOtherWorkerUntilItsBatchEnds() throws Exception {
        queue.offer(request(1, "A", 1, 10, RecallPriority.INTERACTIVE));
        CartridgeBatch first = take(0);
        queue.offer(request(2, "A", 1, 20, RecallPriority.INTERACTIVE));

        assertThat(take(1)).as("A is in worker 0's drive").isNull();
        queue.finished(first);
        CartridgeBatch second = take(1);

        assertThat(second.volumeTag()).isEqualTo("A");
        assertThat(second.requests()).extracting(RecallRequest::inode).containsExactly(2L);
        assertThat(queue.snapshot().serving()).containsExactly(second);
    }

    @Test
    void theQueueRefusesRequestsBeyondItsBound() {
        List<RecallQueue.Admission> admissions = queue.offerAll(List.of(request(1, "A", 1, 1, RecallPriority.BULK),
                request(2, "A", 1, 2, RecallPriority.BULK), request(3, "B", 1, 3, RecallPriority.BULK),
                request(4, "B", 1, 4, RecallPriority.BULK), request(5, "C", 1, 5, RecallPriority.BULK),
                request(1, "A", 1, 1, RecallPriority.INTERACTIVE)));

        assertThat(admissions).containsExactly(RecallQueue.Admission.QUEUED, RecallQueue.Admission.QUEUED,
                RecallQueue.Admission.QUEUED, RecallQueue.Admission.QUEUED, RecallQueue.Admission.FULL,
                RecallQueue.Admission.JOINED);
    }

    @Test
    void aBatchHandedBackWaitsItsBackOffDoublingWithEachFailure() throws Exception {
        queue.offer(request(1, "A", 1, 10, RecallPriority.INTERACTIVE));
        CartridgeBatch batch = take(0);

        assertThat(queue.retry(batch, batch.requests())).isEqualTo(RecallQueue.FIRST_BACKOFF);
        assertThat(take(0)).as("within the back-off").isNull();
        clock.advance(RecallQueue.FIRST_BACKOFF);
        CartridgeBatch again = take(0);
        assertThat(again.requests()).extracting(RecallRequest::inode).containsExactly(1L);
        assertThat(queue.retry(again, again.requests())).isEqualTo(RecallQueue.FIRST_BACKOFF.multipliedBy(2));
        clock.advance(Duration.ofSeconds(1));
        queue.finished(take(0));
        queue.offer(request(2, "A", 1, 10, RecallPriority.INTERACTIVE));
        CartridgeBatch afterSuccess = take(0);
        assertThat(queue.retry(afterSuccess, afterSuccess.requests())).as("a success starts the back-off afresh")
                .isEqualTo(RecallQueue.FIRST_BACKOFF);
    }

    @Test
    void aWaitingWorkerIsWokenByANewRequest() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Thread> worker = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<CartridgeBatch> taken = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                return queue.take(0, null, Set.of(), Duration.ofSeconds(10)).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the worker waits on the empty queue before the request arrives
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> worker.get() != null
                && worker.get().getState() == Thread.State.TIMED_WAITING);
        queue.offer(request(1, "A", 1, 10, RecallPriority.INTERACTIVE));

        CartridgeBatch batch = taken.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(batch.volumeTag()).isEqualTo("A");
    }

}

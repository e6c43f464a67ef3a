package io.tapelib.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client's bounded feed: what a slow client gets, what a gone one stops, and that the publisher never waits. */
class EventFeedTest {

    /** A connection whose sends complete only when the test says so. */
    private static final class SlowConnection implements EventFeed.Sender {
        final List<StreamEvent> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        boolean gone;
        boolean closedByFeed;

        @Override
        public synchronized CompletionStage<?> send(StreamEvent event) {
            sent.add(event);
            CompletableFuture<Void> done = new CompletableFuture<>();
            inFlight.add(done);
            return done;
        }

        /** The client takes the message in flight. */
        void take() {
            CompletableFuture<Void> next;
            synchronized (this) {
                next = inFlight.get(inFlight.size() - 1);
            }
            next.complete(null);
        }

        @Override
        public boolean closed() {
            return gone;
        }

        @Override
        public void close() {
            closedByFeed = true;
        }
    }

    private static StreamEvent job(int n) {
        return new StreamEvent(StreamEvent.Type.JOB, "{\"id\":" + n + "}");
    }

    @Test
    void aSlowClientLosesTheOldestJobChangesAndGetsTheNewestInOrder() {
        SlowConnection connection = new SlowConnection();
        EventFeed feed = new EventFeed(connection, 4, () -> { });

        for (int n = 0; n < 10; n++) {
            feed.offer(job(n));
        }

        assertThat(connection.sent).containsExactly(job(0));
        assertThat(feed.dropped()).isEqualTo(5);
        for (int i = 0; i < 4; i++) {
            connection.take();
        }
        assertThat(connection.sent).containsExactly(job(0), job(6), job(7), job(8), job(9));
    }

    @Test
    void aNewerLibraryOrStatusReplacesTheOneWaitingAndJobsAreNotDroppedForThem() {
        SlowConnection connection = new SlowConnection();
        EventFeed feed = new EventFeed(connection, 2, () -> { });
        StreamEvent oldLibrary = new StreamEvent(StreamEvent.Type.LIBRARY, "{\"old\":true}");
        StreamEvent newLibrary = new StreamEvent(StreamEvent.Type.LIBRARY, "{\"old\":false}");
        StreamEvent status = new StreamEvent(StreamEvent.Type.STATUS, "{}");

        feed.offer(job(0));
        feed.offer(oldLibrary);
        feed.offer(job(1));
        feed.offer(status);
        feed.offer(newLibrary);
        feed.offer(job(2));
        feed.offerInitialLibrary(oldLibrary);
        for (int i = 0; i < 4; i++) {
            connection.take();
        }

        assertThat(connection.sent).containsExactly(job(0), job(1), status, newLibrary, job(2));
        assertThat(feed.dropped()).isZero();
    }

    @Test
    void aClientThatWentAwayClosesTheFeedOnceAndLaterEventsAreIgnored() {
        SlowConnection connection = new SlowConnection();
        AtomicInteger closes = new AtomicInteger();
        EventFeed feed = new EventFeed(connection, 4, closes::incrementAndGet);
        feed.offer(job(0));
        assertThat(feed.closedOrGone()).isFalse();

        connection.gone = true;

        assertThat(feed.closedOrGone()).isTrue();
        assertThat(feed.closedOrGone()).isTrue();
        feed.offer(job(1));
        connection.take();
        assertThat(connection.sent).containsExactly(job(0));
        assertThat(closes).hasValue(1);
        assertThat(connection.closedByFeed).isTrue();
    }

    @Test
    void aFailedSendClosesTheFeed() {
        SlowConnection connection = new SlowConnection();
        AtomicInteger closes = new AtomicInteger();
        EventFeed feed = new EventFeed(connection, 4, closes::incrementAndGet);
        feed.offer(job(0));
        feed.offer(job(1));

        connection.inFlight.get(0).completeExceptionally(new java.io.IOException("connection reset"));

        assertThat(closes).hasValue(1);
        assertThat(connection.sent).containsExactly(job(0));
        assertThat(feed.closedOrGone()).isTrue();
    }
}

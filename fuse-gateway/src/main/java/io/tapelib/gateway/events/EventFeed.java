package io.tapelib.gateway.events;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * One client's event stream: a bounded queue in front of its connection, so that a slow client never holds up the
 * thread that publishes (the controller's event stream, a gateway job's worker). One message is in flight at a time;
 * the next is sent when the connection took the previous one. A newer library view, status or keep-alive replaces one
 * still waiting; job changes wait in order, at most {@code capacity} of them, and the oldest is dropped when a new one
 * finds the queue full. Thread-safe.
 */
public final class EventFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    /** Where a feed's messages go: the client's connection. */
    public interface Sender {
        /** Starts sending; the stage completes when the connection took the message, exceptionally when it failed. */
        CompletionStage<?> send(StreamEvent event);

        /** Whether the client went away (the connection closed). */
        boolean closed();

        /** Ends the stream. */
        void close();
    }

    private final Sender sender;
    private final int capacity;
    private final Runnable onClose;
    private final ArrayDeque<StreamEvent> waiting = new ArrayDeque<>();
    private int waitingJobs;
    private boolean sending;
    private boolean closed;
    private boolean libraryOffered;
    private long dropped;

    /**
     * @param capacity job changes kept waiting, at least 1
     * @param onClose  run once when the feed closes (the hub forgets it)
     */
    EventFeed(Sender sender, int capacity, Runnable onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.sender = sender;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Queues a message and starts sending when nothing is in flight; never blocks. Ignored once closed. */
    public void offer(StreamEvent event) {
        StreamEvent first;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (event.type() == StreamEvent.Type.LIBRARY) {
                libraryOffered = true;
            }
            if (event.type().latestOnly()) {
                waiting.removeIf(w -> w.type() == event.type());
            } else if (waitingJobs >= capacity) {
                dropOldestJob();
            }
            waiting.addLast(event);
            if (!event.type().latestOnly()) {
                waitingJobs++;
            }
            if (sending) {
                return;
            }
            sending = true;
            first = take();
        }
        send(first);
    }

    /**
     * The library view a client gets when it connects, unless a library change was offered since the feed opened (which
     * is newer than this snapshot).
     */
    public void offerInitialLibrary(StreamEvent library) {
        synchronized (this) {
            if (libraryOffered) {
                return;
            }
        }
        offer(library);
    }

    /** Job changes dropped so far because the client did not keep up. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Whether the feed is closed, or its client went away (then it closes now). */
    public boolean closedOrGone() {
        synchronized (this) {
            if (closed) {
                return true;
            }
        }
        if (sender.closed()) {
            close();
            return true;
        }
        return false;
    }

    /** Ends the stream and forgets what waits; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waiting.clear();
            waitingJobs = 0;
        }
        try {
            sender.close();
        } catch (RuntimeException e) {
            LOG.debugf("Closing an event stream failed: %s", e);
        }
        onClose.run();
    }

    private void dropOldestJob() {
        for (Iterator<StreamEvent> it = waiting.iterator(); it.hasNext(); ) {
            if (!it.next().type().latestOnly()) {
                it.remove();
                waitingJobs--;
                if (dropped++ == 0) {
                    LOG.infof("An event stream's client does not keep up: the oldest job changes are dropped");
                }
                return;
            }
        }
    }

    /** The next message to send, or null (then nothing is in flight any more). Called holding the lock. */
    private StreamEvent take() {
        StreamEvent next = waiting.pollFirst();
        if (next == null) {
            sending = false;
        } else if (!next.type().latestOnly()) {
            waitingJobs--;
        }
        return next;
    }

    private void send(StreamEvent event) {
        StreamEvent next = event;
        // a loop rather than recursion: a connection that takes messages at once completes the stage on this thread
        while (next != null) {
            CompletionStage<?> stage;
            try {
                stage = sender.send(next);
            } catch (RuntimeException e) {
                LOG.debugf("An event stream's client went away: %s", e);
                close();
                return;
            }
            var done = stage.toCompletableFuture();
            if (!done.isDone()) {
                stage.whenComplete((ignored, error) -> {
                    if (error != null) {
                        LOG.debugf("An event stream's client went away: %s", error);
                        close();
                    } else {
                        send(nextOrIdle());
                    }
                });
                return;
            }
            if (done.isCompletedExceptionally()) {
                close();
                return;
            }
            next = nextOrIdle();
        }
    }

    private synchronized StreamEvent nextOrIdle() {
        if (closed) {
            sending = false;
            return null;
        }
        return take();
    }
}

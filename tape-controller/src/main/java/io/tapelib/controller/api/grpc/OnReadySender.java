package io.tapelib.controller.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Sends a server stream with gRPC flow control: producers (drive threads) put messages into a bounded queue and
 * block while it is full; the queue is drained on the call's own Vert.x context, from the call's on-ready
 * handler and after each put, and only while {@link ServerCallStreamObserver#isReady()}. So a slow client
 * slows the tape down instead of filling the heap (DESIGN.md section 9). A producer never waits without end: its
 * wait ends, with a {@link CancellationException} naming the reason, when the call ends on the client's side, the
 * controller shuts down or the client read nothing for the stall timeout ({@link HandOffDeadline}).
 *
 * @param <T> the response message type
 */
final class OnReadySender<T> {

    private static final Object COMPLETE = new Object();

    private final ServerCallStreamObserver<T> observer;
    private final Context context;
    private final BlockingQueue<Object> queue;
    private final HandOffDeadline deadline;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> { };
    private boolean finished;

    /**
     * Must be created on the call's thread, inside the service method (handlers are set there).
     *
     * @param capacity     messages buffered before producers block
     * @param stall        longest time a producer waits while the client reads nothing (STREAM_STALL_TIMEOUT)
     * @param shuttingDown whether the controller is shutting down
     */
    OnReadySender(ServerCallStreamObserver<T> observer, int capacity, Duration stall, BooleanSupplier shuttingDown) {
        this.observer = observer;
        this.context = Vertx.currentContext();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.deadline = new HandOffDeadline(stall, () -> cancelled, shuttingDown);
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            onCancel.run();
        });
        observer.setOnReadyHandler(this::drain);
    }

    /** Runs when the client cancels the call (or its deadline passes). */
    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /** Whether the client went away. */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * Queues a message, blocking while the queue is full.
     *
     * @throws CancellationException the client went away, the controller is shutting down, or the client read nothing
     *                               for the stall timeout
     */
    void send(T message) {
        put(message);
    }

    /** Queues a message unless the queue is full. @return false when it was dropped */
    boolean trySend(T message) {
        if (cancelled || !queue.offer(message)) {
            return false;
        }
        scheduleDrain();
        return true;
    }

    /** Ends the stream successfully after the queued messages. */
    void complete() {
        put(COMPLETE);
    }

    /**
     * Ends the stream with an error, after the queued messages when there is room for the error; else at once, dropping
     * them (the client stopped reading, or the drive thread's wait already ended). Never blocks.
     */
    void fail(Throwable error) {
        if (cancelled) {
            return;
        }
        if (queue.offer(new Failure(error))) {
            scheduleDrain();
        } else {
            onContext(() -> {
                synchronized (this) {
                    if (!finished && !cancelled) {
                        finished = true;
                        queue.clear();
                        observer.onError(error);
                    }
                }
            });
        }
    }

    private void put(Object item) {
        long waitStarted = System.nanoTime();
        deadline.check("the client to read", waitStarted);
        try {
            while (!queue.offer(item, HandOffDeadline.SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                deadline.check("the client to read", waitStarted);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the client");
        }
        scheduleDrain();
    }

    private void onContext(Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private void scheduleDrain() {
        if (context == null) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void drain() {
        while (!finished && !cancelled) {
            Object item = queue.peek();
            if (item == null) {
                return;
            }
            if (item == COMPLETE) {
                queue.poll();
                finished = true;
                observer.onCompleted();
            } else if (item instanceof Failure failure) {
                queue.poll();
                finished = true;
                observer.onError(failure.error());
            } else if (observer.isReady()) {
                queue.poll();
                observer.onNext((T) item);
                deadline.progressed();
            } else {
                return;
            }
        }
    }

    private record Failure(Throwable error) {
    }
}

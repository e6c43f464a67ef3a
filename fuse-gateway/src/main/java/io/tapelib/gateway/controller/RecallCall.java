package io.tapelib.gateway.controller;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Recall call: its messages parsed in place ({@link RecallMessages}) and each chunk's bytes handed over in one
 * direct buffer of the call, reused from chunk to chunk, so that the cache writes them with a single {@code pwrite}
 * and no temporary copy. Consumed on the calling thread, which asks for {@link #AHEAD} messages beyond the one it
 * handles: the transport parses the next messages while the cache writes this one, instead of the two threads taking
 * turns message by message (issue 12). The controller still never sends faster than the cache writes: at most
 * {@link #AHEAD} messages wait here, on top of what the connection's flow-control window lets in flight.
 */
final class RecallCall {
    /** Messages requested beyond the one being handled: 4 of the controller's 512 KiB blocks, 2 MiB. */
    static final int AHEAD = 4;
    /** Longest wait, after a cancel, for grpc to report the call's end (it does at once; a safety net). */
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    /** Runs the call's callbacks on the transport's thread: they only queue. */
    private static final Executor ON_TRANSPORT = Runnable::run;

    private static final MethodDescriptor<RecallRequest, RecallMessages.Received> METHOD =
            RecallMessages.method(TapeControllerGrpc.getRecallMethod());

    private final Channel channel;
    private final Duration deadline;
    private ByteBuffer chunkBuffer = ByteBuffer.allocateDirect(0);

    /** @param deadline the whole call's deadline (CONTROLLER_STREAM_DEADLINE) */
    RecallCall(Channel channel, Duration deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    /**
     * Runs the call and hands every event to {@code events}; a chunk's buffer is valid only during its call. When
     * {@code events} throws, or the thread is interrupted, the call is cancelled (the controller stops reading the
     * tape) and what it had already received is released.
     *
     * @throws StatusRuntimeException when the call fails (the caller translates it); CANCELLED, with the thread's
     *                                interrupt flag set again, when the thread was interrupted
     */
    void run(RecallRequest request, Consumer<RecallEvent> events) {
        // the transport's thread only queues what it parsed (a message over pooled buffers, or the call's end)
        ClientCall<RecallRequest, RecallMessages.Received> call = channel.newCall(METHOD, CallOptions.DEFAULT
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .withExecutor(ON_TRANSPORT));
        BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(RecallMessages.Received message) {
                arrived.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                arrived.add(new Closed(status, trailers));
            }
        }, new Metadata());
        boolean closed = false;
        try {
            call.sendMessage(request);
            call.halfClose();
            call.request(1 + AHEAD);
            while (true) {
                Object item = take(arrived, call);
                if (item instanceof Closed end) {
                    closed = true;
                    if (!end.status().isOk()) {
                        throw end.status().asRuntimeException(end.trailers());
                    }
                    return;
                }
                try (RecallMessages.Received received = (RecallMessages.Received) item) {
                    RecallEvent event = event(received.message());
                    if (event != null) {
                        events.accept(event);
                    }
                }
                call.request(1);
            }
        } catch (RuntimeException | Error e) {
            if (!closed) {
                call.cancel("the recall's receiver stopped: " + e.getMessage(), e);
            }
            throw e;
        } finally {
            if (!closed) {
                releaseRest(arrived);
            }
        }
    }

    /**
     * The next message or the call's end. An interrupt cancels the call and releases what the transport still
     * delivers until its end ({@link #releaseRest}, at most {@value #CLOSE_WAIT_MILLIS} ms); the end is then
     * CANCELLED, as grpc's blocking calls report it, and the thread's interrupt flag is set again.
     */
    private static Object take(BlockingQueue<Object> arrived, ClientCall<?, ?> call) {
        try {
            return arrived.take();
        } catch (InterruptedException e) {
            call.cancel("Thread interrupted", e);
            releaseRest(arrived);
            Thread.currentThread().interrupt();
            return new Closed(Status.CANCELLED.withDescription("Thread interrupted"), new Metadata());
        }
    }

    /** The event of a message, a chunk's bytes copied into this call's direct buffer; null for an unknown payload. */
    private RecallEvent event(RecallMessage message) {
        if (message.hasChunk()) {
            int length = message.getChunk().getData().size();
            if (chunkBuffer.capacity() < length) {
                chunkBuffer = ByteBuffer.allocateDirect(length);
            }
            chunkBuffer.clear();
            message.getChunk().getData().copyTo(chunkBuffer);
            chunkBuffer.flip();
            return new RecallEvent.Chunk(message.getChunk().getFileId(), message.getChunk().getOffset(),
                    chunkBuffer.asReadOnlyBuffer());
        }
        return ProtoMapping.recallEvent(message).orElse(null);
    }

    /**
     * Messages of a call cut short that were queued but not handled, and those the transport still delivers until it
     * reports the call's end: their Netty buffers go back to the pool.
     */
    private static void releaseRest(BlockingQueue<Object> arrived) {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        boolean interrupted = Thread.interrupted();
        try {
            for (long left; (left = giveUp - System.nanoTime()) > 0; ) {
                Object item;
                try {
                    item = arrived.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    continue;
                }
                if (item == null || item instanceof Closed) {
                    return;
                }
                ((RecallMessages.Received) item).close();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The call's end as grpc reported it. */
    private record Closed(Status status, Metadata trailers) {
    }
}

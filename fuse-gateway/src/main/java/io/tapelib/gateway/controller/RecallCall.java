package io.tapelib.gateway.controller;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Recall call: its messages parsed in place ({@link RecallMessages}) and each chunk's bytes handed over in one
 * direct buffer of the call, reused from chunk to chunk, so that the cache writes them with a single {@code pwrite}
 * and no temporary copy. Consumed on the calling thread through grpc's blocking iterator (one message requested at a
 * time: the controller never sends faster than the cache writes).
 */
final class RecallCall {
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
     * @throws StatusRuntimeException when the call fails (the caller translates it)
     */
    void run(RecallRequest request, Consumer<RecallEvent> events) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        Iterator<RecallMessages.Received> messages = null;
        try {
            messages = ClientCalls.blockingServerStreamingCall(channel, METHOD,
                    CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), request);
            while (messages.hasNext()) {
                try (RecallMessages.Received received = messages.next()) {
                    RecallEvent event = event(received.message());
                    if (event != null) {
                        events.accept(event);
                    }
                }
            }
        } finally {
            context.detach(previous);
            context.cancel(null);
            if (messages != null) {
                releaseRest(messages);
            }
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

    /** A cancelled call may still hold a received message: its Netty buffers go back to the pool. */
    private static void releaseRest(Iterator<RecallMessages.Received> messages) {
        try {
            while (messages.hasNext()) {
                messages.next().close();
            }
        } catch (StatusRuntimeException expected) {
            // the call ended, cancelled as asked
        }
    }
}

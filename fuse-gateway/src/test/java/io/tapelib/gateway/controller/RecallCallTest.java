package io.tapelib.gateway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tapelib.proto.v1.RecallChunk;
import io.tapelib.proto.v1.RecallFileDone;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Recall stream over a real Netty transport, where its messages are parsed in place (RecallMessages). */
class RecallCallTest {
    private static final int CHUNK = 512 * 1024;

    private final byte[] content = new byte[5 * CHUNK + 1234];
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /**
     * The server sends every chunk but leaves the call open, as a controller still reading a long file does: only
     * the client's cancel ends it, so a test of the cancel cannot pass because the stream ended first.
     */
    private final AtomicBoolean holdOpen = new AtomicBoolean();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        new Random(12).nextBytes(content);
        server = NettyServerBuilder.forPort(0).addService(new TapeControllerGrpc.TapeControllerImplBase() {
            @Override
            public void recall(RecallRequest request, StreamObserver<RecallMessage> observer) {
                ((ServerCallStreamObserver<RecallMessage>) observer).setOnCancelHandler(() -> cancelled.set(true));
                for (int offset = 0; offset < content.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, content.length - offset);
                    observer.onNext(RecallMessage.newBuilder().setChunk(RecallChunk.newBuilder().setFileId(7)
                            .setOffset(offset).setData(ByteString.copyFrom(content, offset, length))).build());
                }
                if (holdOpen.get()) {
                    return;
                }
                observer.onNext(RecallMessage.newBuilder().setDone(RecallFileDone.newBuilder().setFileId(7)).build());
                observer.onCompleted();
            }
        }).build().start();
        channel = NettyChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void everyByteArrivesInFileOffsetOrderAndTheFileEnds() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<RecallEvent> events = new ArrayList<>();
        new RecallCall(channel, Duration.ofMinutes(1)).run(RecallRequest.getDefaultInstance(), event -> {
            events.add(event);
            if (event instanceof RecallEvent.Chunk chunk) {
                assertThat(chunk.offset()).isEqualTo(received.size());
                byte[] bytes = new byte[chunk.data().remaining()];
                chunk.data().get(bytes);
                received.writeBytes(bytes);
            }
        });

        assertThat(received.toByteArray()).isEqualTo(content);
        assertThat(events).last().isEqualTo(new RecallEvent.FileDone(7));
        assertThat(events).filteredOn(RecallEvent.Chunk.class::isInstance).hasSize(6);
    }

    @Test
    void aConsumerThatThrowsCancelsTheCall() {
        holdOpen.set(true);
        assertThatThrownBy(() -> new RecallCall(channel, Duration.ofMinutes(1)).run(RecallRequest.getDefaultInstance(),
                event -> {
                    throw new IllegalStateException("cache full");
                })).isInstanceOf(IllegalStateException.class).hasMessage("cache full");

        await("the server sees the call cancelled").atMost(Duration.ofSeconds(10)).untilTrue(cancelled);
    }

    @Test
    void anInterruptedReceiverCancelsTheCallAndKeepsItsInterrupt() {
        holdOpen.set(true);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        assertThatThrownBy(() -> {
            try {
                new RecallCall(channel, Duration.ofMinutes(1)).run(RecallRequest.getDefaultInstance(),
                        event -> Thread.currentThread().interrupt());
            } finally {
                stillInterrupted.set(Thread.interrupted());
            }
        }).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));

        assertThat(stillInterrupted).isTrue();
        await("the server sees the call cancelled").atMost(Duration.ofSeconds(10)).untilTrue(cancelled);
    }
}

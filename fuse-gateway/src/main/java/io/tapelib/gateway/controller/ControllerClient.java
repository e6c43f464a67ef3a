package io.tapelib.gateway.controller;

import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.proto.v1.GetLibraryRequest;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.ReadIndexRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.WatchEventsRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The gRPC adapter of {@link TapeController}, the gateway's only way to the controller: the tapelib.v1
 * contract (mapped to and from the port's records by {@code ProtoMapping}) over one channel that
 * reconnects by itself with back-off (grpc-java's channel state machine). Every call has a deadline;
 * server streams are consumed through blocking iterators, which request one message at a time, Recall
 * through {@link RecallCall}, which requests 4 ahead, so the controller never sends faster than the
 * gateway writes to the cache; Migrate sends only while the transport is ready, with up to 1 MiB
 * unsent (shared/DESIGN.md section 9: Mutiny stream stubs do not apply back-pressure).
 *
 * <p>Every method throws {@link ControllerUnavailableException} when the controller is away or refuses.
 */
@ApplicationScoped
public class ControllerClient implements TapeController {
    /**
     * Largest data chunk sent in one Migrate message, bytes (the contract allows 1 MiB): 64 KiB less room for the
     * message's own field tag and length and the 5-byte gRPC and 9-byte HTTP/2 frame headers, so that a message with
     * its headers fits 64 KiB. Measured (issue 12, bash deploy/bench.sh pipeline): with exactly 64 KiB of data a
     * migration cost the controller 5.49 CPU seconds per GiB, with this size 4.57 (session 15, when the pooled
     * buffers' chunks were 64 KiB); messages of 256 KiB were slower in session 18's one run of them (322 against 441
     * MB/s), which overlapped another benchmark, so that is no verdict. The controller gathers messages into its
     * logical blocks, so the size here is not the block size.
     */
    static final int CHUNK_BYTES = 64 * 1024 - 64;
    /**
     * Bytes the Migrate call may hold unsent in the transport before it stops being ready (grpc-java's default is
     * 32 KiB, less than one message: the sender then woke once per message).
     */
    private static final int MIGRATE_ON_READY_BYTES = 1 << 20;
    /** How often {@link #awaitConnection} tries again while the controller does not answer. */
    private static final Duration RECONNECT_PROBE = Duration.ofMillis(500);

    private final GatewayConfig config;
    private final ManagedChannel channel;

    /**
     * Creates the channel to {@code config.controllerGrpc()}; it connects on first use. With OPERATOR_TOKEN set, every
     * call on it carries {@code authorization: Bearer <token>}.
     */
    public ControllerClient(GatewayConfig config) {
        this.config = config;
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(config.controllerGrpc())
                .usePlaintext()
                .maxInboundMessageSize(4 * 1024 * 1024)
                .flowControlWindow(4 * 1024 * 1024);
        config.operatorToken().map(String::strip).filter(token -> !token.isEmpty()).ifPresent(token -> {
            // OPERATOR_TOKEN: every call carries it, as the controller's interceptor asks (RFC 6750 bearer)
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        });
        this.channel = builder.build();
    }

    /**
     * Waits until the channel to the controller is connected, at most {@code timeout}. A channel whose
     * controller was away waits between reconnection attempts with growing back-off (up to minutes);
     * this resets that back-off so a controller that is back is found at once.
     *
     * @return true when connected; false when the controller did not answer in time
     */
    @Override
    public boolean awaitConnection(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                channel.resetConnectBackoff();
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            try {
                // Bounded so that a failed attempt is retried promptly rather than after the channel's back-off.
                changed.await(Math.min(remaining, RECONNECT_PROBE.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            state = channel.getState(true);
        }
        return true;
    }

    /**
     * The changer's elements (deadline: the unary call deadline).
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call
     */
    @Override
    public LibraryInventory library() {
        try {
            return ProtoMapping.library(TapeControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.controllerCallDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getLibrary(GetLibraryRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            throw translate("GetLibrary", e);
        }
    }

    /**
     * Streams a tape's latest LTFS index: the first message carries the volume, then one entry each.
     * Loads the cartridge if it is not loaded, so this may take minutes (deadline: the stream deadline).
     * When the consumer throws, or the calling thread is interrupted, the call is cancelled so the
     * controller frees the drive, and the consumer's exception propagates.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call (NOT_FOUND: unknown
     *                                        volume tag)
     */
    @Override
    public void readIndex(String volumeTag, IndexSink sink) {
        streamCancellingOnExit("ReadIndex " + volumeTag, () -> TapeControllerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .readIndex(ReadIndexRequest.newBuilder().setVolumeTag(volumeTag).build()),
                message -> ProtoMapping.deliver(volumeTag, message, sink));
    }

    /**
     * Recalls files from one tape; chunks arrive in file-offset order per file, files in tape order. When the
     * consumer throws, the call is cancelled (the controller stops reading the tape) and the consumer's
     * exception propagates.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call
     */
    @Override
    public void recall(RecallBatch batch, Consumer<RecallEvent> events) {
        try {
            new RecallCall(channel, config.controllerStreamDeadline()).run(ProtoMapping.recallRequest(batch), events);
        } catch (StatusRuntimeException e) {
            throw translate("Recall " + batch.volumeTag(), e);
        }
    }

    /**
     * Watches WatchEvents for mounted volumes until the stream deadline (then returns, for the caller to watch
     * again) or a failure.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call, or the thread was
     *                                        interrupted
     */
    @Override
    public void watchMountedVolumes(Consumer<VolumeSummary> mounted) {
        watchEvents(mounted, library -> { });
    }

    /** {@link #watchMountedVolumes} with Event.library handed to {@code library} as well; same errors. */
    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library) {
        watchEvents(mounted, library, event -> { });
    }

    /** {@link #watchEvents(Consumer, Consumer)} with the operator's views of job and library events; same errors. */
    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library,
                            Consumer<ControllerEvent> operator) {
        try {
            streamCancellingOnExit("WatchEvents", () -> TapeControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .watchEvents(WatchEventsRequest.getDefaultInstance()), event -> {
                        ProtoMapping.mountedVolume(event).ifPresent(mounted);
                        ProtoMapping.libraryEvent(event).ifPresent(library);
                        OperatorMapping.event(event).ifPresent(operator);
                    });
        } catch (ControllerUnavailableException e) {
            if (!"DEADLINE_EXCEEDED".equals(e.code())) {
                throw e;
            }
        }
    }

    /**
     * Runs a server-streaming call in a cancellable gRPC context and hands each message to {@code consumer};
     * the context is cancelled on the way out, which cancels the call if it did not end by itself (consumer
     * threw, thread interrupted). A call abandoned without cancelling would hold the controller's drive until
     * the stream deadline.
     */
    private <T> void streamCancellingOnExit(String call, Supplier<Iterator<T>> start, Consumer<T> consumer) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            start.get().forEachRemaining(consumer);
        } catch (StatusRuntimeException e) {
            throw translate(call, e);
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    /**
     * Migrates files to tape and returns where they landed; returns only once the controller has
     * written the data and an index naming it.
     *
     * @param preferredVolumeTag empty to let the controller choose
     * @param pending            metadata changes per volume for the header
     * @return the migrated, rejected and (by omission) unreached files, and whether the volume filled
     * @throws ControllerUnavailableException when the controller is away or fails the call, the call passed
     *                                        its deadline, or the thread was interrupted; the call is then
     *                                        cancelled, so no more of the batch is sent
     */
    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending) {
        return migrate(preferredVolumeTag, files, pending, Set.of());
    }

    /** {@link #migrate(String, List, List)}, the header naming volumes the controller must not write to. */
    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending, Set<String> excludeVolumeTags) {
        return migrate(preferredVolumeTag, files, pending, excludeVolumeTags, bytes -> { });
    }

    /** {@link #migrate(String, List, List, Set)}, telling {@code sentBytes} the content bytes sent after each chunk. */
    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending, Set<String> excludeVolumeTags, LongConsumer sentBytes) {
        CompletableFuture<MigrateResult> result = new CompletableFuture<>();
        MigrateHeader.Builder header = MigrateHeader.newBuilder().setVolumeTag(preferredVolumeTag)
                .addAllExcludeVolumeTags(excludeVolumeTags);
        pending.forEach(changes -> header.addPendingChanges(ProtoMapping.volumeChanges(changes)));
        MigrateSender sender = new MigrateSender(header.build(), files, result, sentBytes);
        TapeControllerGrpc.newStub(channel)
                .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .withOnReadyThreshold(MIGRATE_ON_READY_BYTES)
                .migrate(sender);
        try {
            return ProtoMapping.report(
                    result.get(config.controllerStreamDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.cancel("migration interrupted", e);
            throw new ControllerUnavailableException("CANCELLED", "migration interrupted", e);
        } catch (TimeoutException e) {
            sender.cancel("migration did not finish in time", e);
            throw new ControllerUnavailableException("DEADLINE_EXCEEDED", "migration did not finish in time", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            sender.cancel("migration failed", cause);
            if (cause instanceof StatusRuntimeException sre) {
                throw translate("Migrate", sre);
            }
            if (cause instanceof ControllerUnavailableException cue) {
                throw cue;
            }
            throw new ControllerUnavailableException("INTERNAL", "migration failed: " + cause, cause);
        }
    }

    /**
     * Writes metadata changes into one volume's index (deadline: the stream deadline, as loading the cartridge
     * may take minutes). An interrupted caller cancels the call.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call (NOT_FOUND,
     *                                        FAILED_PRECONDITION, INVALID_ARGUMENT as the contract says)
     */
    @Override
    public IndexUpdate updateIndex(String volumeTag, List<IndexChange> changes) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            return ProtoMapping.indexUpdate(TapeControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .updateIndex(ProtoMapping.updateIndexRequest(volumeTag, changes)));
        } catch (StatusRuntimeException e) {
            throw translate("UpdateIndex " + volumeTag, e);
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    /**
     * Copies files of one volume to another (deadline: the stream deadline; the blocking iterator requests one
     * message at a time). An interrupted caller cancels the call, and the controller stops its RECLAIM job.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call, or it ended without a
     *                                        result (INTERNAL)
     */
    @Override
    public MigrationReport reclaim(ReclaimBatch batch, Consumer<ReclaimProgress> progress) {
        MigrationReport[] result = new MigrationReport[1];
        streamCancellingOnExit("Reclaim " + batch.sourceVolumeTag(), () -> TapeControllerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .reclaim(ReclaimMapping.request(batch)), message -> {
                    if (message.hasResult()) {
                        result[0] = ProtoMapping.report(message.getResult());
                    } else if (message.hasProgress()) {
                        progress.accept(ReclaimMapping.progress(message.getProgress()));
                    }
                });
        if (result[0] == null) {
            throw new ControllerUnavailableException("INTERNAL", "Reclaim " + batch.sourceVolumeTag()
                    + ": the controller ended the call without a result", null);
        }
        return result[0];
    }

    /**
     * Formats a cartridge (deadline: the stream deadline, as loading and formatting take minutes).
     *
     * @throws ControllerUnavailableException when the controller is away or refuses (NOT_FOUND,
     *                                        FAILED_PRECONDITION), or the job failed (ABORTED)
     */
    @Override
    public void format(String volumeTag, boolean erase, String expectedUuid) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            ReclaimMapping.checkSucceeded(volumeTag, TapeControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.controllerStreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .format(ReclaimMapping.formatRequest(volumeTag, erase, expectedUuid)));
        } catch (StatusRuntimeException e) {
            throw translate("Format " + volumeTag, e);
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    /** The channel to the controller, shared by the operator's calls ({@link LibraryOperationsClient}). */
    ManagedChannel channel() {
        return channel;
    }

    static ControllerUnavailableException translate(String call, StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : ": " + status.getDescription();
        return new ControllerUnavailableException(status.getCode().name(),
                call + " failed with " + status.getCode() + description, e);
    }

    @PreDestroy
    void close() {
        channel.shutdownNow();
    }
}

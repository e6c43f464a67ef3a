package io.tapelib.controller.api.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.tapelib.controller.config.ControllerTimeouts;
import io.tapelib.controller.config.ReclaimSettings;
import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.IndexSink;
import io.tapelib.controller.jobs.JobHistory;
import io.tapelib.controller.jobs.JobRecord;
import io.tapelib.controller.jobs.MigrationResult;
import io.tapelib.controller.jobs.RecallItem;
import io.tapelib.controller.library.DriveTimings;
import jakarta.inject.Provider;
import io.tapelib.controller.jobs.RecallSink;
import io.tapelib.controller.jobs.VolumeSummary;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.proto.v1.Event;
import io.tapelib.proto.v1.ExportRequest;
import io.tapelib.proto.v1.FormatRequest;
import io.tapelib.proto.v1.ImportRequest;
import io.tapelib.proto.v1.MoveRequest;
import io.tapelib.proto.v1.GetLibraryRequest;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobList;
import io.tapelib.proto.v1.Library;
import io.tapelib.proto.v1.ListJobsRequest;
import io.tapelib.proto.v1.LoadRequest;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.ReadIndexRequest;
import io.tapelib.proto.v1.ReclaimMessage;
import io.tapelib.proto.v1.ReclaimRequest;
import io.tapelib.proto.v1.RecoverRequest;
import io.tapelib.proto.v1.RecallChunk;
import io.tapelib.proto.v1.RecallFileDone;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.UnloadRequest;
import io.tapelib.proto.v1.UpdateIndexRequest;
import io.tapelib.proto.v1.UpdateIndexResult;
import io.tapelib.proto.v1.WatchEventsRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tapelib.v1 TapeController service (proto/src/main/resources/tapelib/v1/tape_controller.proto). Tape work
 * runs on the drives' executors, never on the gRPC event loop; streams follow gRPC flow control (DESIGN.md
 * section 9). Errors are mapped by {@link GrpcErrors}.
 */
@GrpcService
public class TapeControllerGrpcService extends TapeControllerGrpc.TapeControllerImplBase {

    private static final Logger LOG = Logger.getLogger(TapeControllerGrpcService.class);

    /** Messages buffered per server stream before the drive waits for the client. */
    private static final int STREAM_BUFFER = 16;

    private final DriveScheduler scheduler;
    private final JobHistory jobs;
    /** Longest wait of a drive thread for a stream's peer without progress (STREAM_STALL_TIMEOUT). */
    private final Duration streamStall;
    /**
     * The library's robot and drive figures, reported with every GetLibrary; asked for on first use, since this service
     * is built before the library is opened (and the command line's subcommands never open it).
     */
    private final Provider<DriveTimings> timings;
    /** RECLAIM_STAGING_BYTES. */
    private final long stagingBytes;

    public TapeControllerGrpcService(DriveScheduler scheduler, JobHistory jobs, ControllerTimeouts timeouts,
                                     Provider<DriveTimings> timings, ReclaimSettings reclaim) {
        this.scheduler = scheduler;
        this.stagingBytes = reclaim.stagingBytes();
        this.timings = timings;
        this.jobs = jobs;
        this.streamStall = timeouts.streamStall();
    }

    @Override
    public void getLibrary(GetLibraryRequest request, StreamObserver<Library> responseObserver) {
        reply("GetLibrary", responseObserver, () -> scheduler.library(), inventory -> ProtoMapping.library(inventory, timings.get(),
                scheduler.cleaning()));
    }

    @Override
    public void load(LoadRequest request, StreamObserver<Job> responseObserver) {
        reply("Load", responseObserver, () -> scheduler.load(request.getDrive(), request.getVolumeTag(), request.getSlot()),
                ProtoMapping::job);
    }

    @Override
    public void unload(UnloadRequest request, StreamObserver<Job> responseObserver) {
        reply("Unload", responseObserver, () -> scheduler.unload(request.getDrive(), request.getSlot()), ProtoMapping::job);
    }

    @Override
    public void recover(RecoverRequest request, StreamObserver<Job> responseObserver) {
        reply("Recover", responseObserver, () -> scheduler.recover(request.getVolumeTag()), ProtoMapping::job);
    }

    @Override
    public void move(MoveRequest request, StreamObserver<Job> responseObserver) {
        reply("Move", responseObserver, () -> scheduler.moves().move(ElementMapping.element("from", request.hasFrom(),
                request.getFrom()), ElementMapping.element("to", request.hasTo(), request.getTo())), ProtoMapping::job);
    }

    @Override
    public void import_(ImportRequest request, StreamObserver<Job> responseObserver) {
        reply("Import", responseObserver, () -> scheduler.moves().importCartridges(request.getImportExportSlot()),
                ProtoMapping::job);
    }

    @Override
    public void export(ExportRequest request, StreamObserver<Job> responseObserver) {
        reply("Export", responseObserver, () -> scheduler.moves().export(request.getVolumeTag(),
                request.getImportExportSlot()), ProtoMapping::job);
    }

    @Override
    public void updateIndex(UpdateIndexRequest request, StreamObserver<UpdateIndexResult> responseObserver) {
        reply("UpdateIndex", responseObserver, () -> scheduler.updateIndex(request.getVolumeTag(),
                ChangeMapping.changes("changes", request.getChangesList())), ChangeMapping::result);
    }

    @Override
    public void format(FormatRequest request, StreamObserver<Job> responseObserver) {
        reply("Format", responseObserver, () -> scheduler.format(request.getVolumeTag(), request.getErase(),
                request.getExpectedUuid()), ProtoMapping::job);
    }

    @Override
    public void reclaim(ReclaimRequest request, StreamObserver<ReclaimMessage> responseObserver) {
        ReclaimCall.start(request, (ServerCallStreamObserver<ReclaimMessage>) responseObserver, scheduler, stagingBytes,
                streamStall);
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<JobList> responseObserver) {
        List<Job> list = jobs.newestFirst(request.getLimit()).stream().map(ProtoMapping::job).toList();
        responseObserver.onNext(JobList.newBuilder().addAllJobs(list).build());
        responseObserver.onCompleted();
    }

    @Override
    public void readIndex(ReadIndexRequest request, StreamObserver<IndexMessage> responseObserver) {
        OnReadySender<IndexMessage> sender = sender((ServerCallStreamObserver<IndexMessage>) responseObserver, STREAM_BUFFER);
        IndexBatches batches = new IndexBatches(sender::send);
        IndexSink sink = new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
                sender.send(IndexMessage.newBuilder().setVolume(ProtoMapping.volume(volume)).build());
            }

            @Override
            public void entry(IndexEntry entry) {
                batches.add(ProtoMapping.entry(entry));
            }

            @Override
            public void end() {
                batches.flush();
            }
        };
        finish("ReadIndex", sender, offEventLoop(() -> scheduler.readIndex(request.getVolumeTag(), sink)));
    }

    @Override
    public void recall(RecallRequest request, StreamObserver<RecallMessage> responseObserver) {
        OnReadySender<RecallMessage> sender = sender((ServerCallStreamObserver<RecallMessage>) responseObserver, STREAM_BUFFER);
        RecallSink sink = new RecallSink() {
            @Override
            public void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length) {
                sender.send(RecallMessage.newBuilder().setChunk(RecallChunk.newBuilder().setFileId(fileId)
                        .setOffset(fileOffset).setData(com.google.protobuf.ByteString.copyFrom(buffer, offset, length))).build());
            }

            @Override
            public void fileDone(long fileId) {
                sender.send(RecallMessage.newBuilder().setDone(RecallFileDone.newBuilder().setFileId(fileId)).build());
            }
        };
        finish("Recall", sender, offEventLoop(() -> scheduler.recall(request.getVolumeTag(), request.getFilesList().stream()
                .map(f -> new RecallItem(f.getFileId(), f.getLength(), ProtoMapping.extentsFromProto(f.getExtentsList()),
                        f.getFromOffset()))
                .toList(), ProtoMapping.expectedVolume(request), sink)));
    }

    /** The generated definition, with Migrate's requests parsed by {@link MigrateMessageMarshaller}. */
    @Override
    public ServerServiceDefinition bindService() {
        return MigrateMessageMarshaller.aliasMigrate(super.bindService());
    }

    @Override
    public StreamObserver<MigrateMessage> migrate(StreamObserver<MigrateResult> responseObserver) {
        ServerCallStreamObserver<MigrateResult> call = (ServerCallStreamObserver<MigrateResult>) responseObserver;
        MigrateStreamReader reader = new MigrateStreamReader(call, streamStall, scheduler::shuttingDown);
        Context context = Vertx.currentContext();
        scheduler.async(reader::readHeader)
                .thenCompose(header -> scheduler.migrate(header.volumeTag(), header.pendingChanges(), header.excluded(), reader))
                .whenComplete((result, error) -> onContext(context, () -> {
                    if (error != null) {
                        StatusRuntimeException status = GrpcErrors.toStatus("Migrate", error);
                        if (!call.isCancelled()) {
                            call.onError(status);
                        }
                    } else if (call.isCancelled()) {
                        LOG.warnf("Migrate: the client went away before the result; %d file(s) are on %s all the same",
                                result.files().size(), result.volume().map(VolumeSummary::volumeTag).orElse("no volume"));
                    } else {
                        call.onNext(ProtoMapping.migrateResult(result));
                        call.onCompleted();
                    }
                }));
        return reader;
    }

    @Override
    public void watchEvents(WatchEventsRequest request, StreamObserver<Event> responseObserver) {
        OnReadySender<Event> sender = sender((ServerCallStreamObserver<Event>) responseObserver, 1024);
        AutoCloseable subscription = jobs.listen(job -> {
            if (!sender.trySend(jobEvent(job))) {
                LOG.debugf("WatchEvents: client too slow, dropped the event of job %d", job.id());
            }
        });
        AutoCloseable mounts = jobs.listenMounts(volume -> {
            if (!sender.trySend(mountEvent(volume))) {
                LOG.debugf("WatchEvents: client too slow, dropped the mount event of %s", volume.volumeTag());
            }
        });
        AutoCloseable library = jobs.listenLibrary(inventory -> {
            if (!sender.trySend(Event.newBuilder().setTime(ProtoMapping.timestamp(Instant.now()))
                    .setLibrary(ProtoMapping.library(inventory, timings.get(), scheduler.cleaning())).build())) {
                LOG.debugf("WatchEvents: client too slow, dropped a library event");
            }
        });
        sender.onCancel(() -> {
            try {
                subscription.close();
                mounts.close();
                library.close();
            } catch (Exception ignored) {
                // removing a listener does not fail
            }
        });
    }

    private static Event mountEvent(VolumeSummary volume) {
        return Event.newBuilder().setTime(ProtoMapping.timestamp(Instant.now()))
                .setVolumeMounted(ProtoMapping.volume(volume)).build();
    }

    private <M> OnReadySender<M> sender(ServerCallStreamObserver<M> observer, int capacity) {
        return new OnReadySender<>(observer, capacity, streamStall, scheduler::shuttingDown);
    }

    private static Event jobEvent(JobRecord job) {
        return Event.newBuilder().setTime(ProtoMapping.timestamp(Instant.now())).setJob(ProtoMapping.job(job)).build();
    }

    /**
     * Starts scheduler work on a scheduler thread: choosing a drive reads the inventory under the robot lock, which
     * waits for a robot move (seconds), and the gRPC event loop must never wait.
     */
    private <T> CompletableFuture<T> offEventLoop(Supplier<CompletableFuture<T>> start) {
        return scheduler.async(() -> guarded(start)).thenCompose(Function.identity());
    }

    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <M> void finish(String call, OnReadySender<M> sender, CompletableFuture<?> work) {
        work.whenComplete((ignored, error) -> {
            if (error == null) {
                sender.complete();
            } else if (!sender.cancelled()) {
                sender.fail(GrpcErrors.toStatus(call, error));
            }
        });
    }

    private static <T, R> void reply(String call, StreamObserver<R> observer, Supplier<CompletableFuture<T>> start,
                                     Function<T, R> toMessage) {
        Context context = Vertx.currentContext();
        guarded(start).whenComplete((value, error) -> onContext(context, () -> {
            if (error != null) {
                observer.onError(GrpcErrors.toStatus(call, error));
            } else {
                observer.onNext(toMessage.apply(value));
                observer.onCompleted();
            }
        }));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}

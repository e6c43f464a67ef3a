package io.tapelib.controller.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.ReclaimFile;
import io.tapelib.controller.jobs.ReclaimListener;
import io.tapelib.controller.jobs.ReclaimProgress;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.ReclaimMessage;
import io.tapelib.proto.v1.ReclaimRequest;
import io.tapelib.proto.v1.VolumeChanges;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A Reclaim call: the request checked and mapped (INVALID_ARGUMENT naming the field), progress messages sent with gRPC
 * flow control ({@link OnReadySender}) while the job runs, then the one result. A client that goes away ends the job:
 * the drives ask {@link ReclaimListener#checkActive()} between chunks and while they wait for each other.
 */
final class ReclaimCall {

    /** Progress messages buffered before a drive waits for the client. */
    private static final int BUFFER = 16;

    private ReclaimCall() {
    }

    /** Starts the call's job; answers on {@code observer}. Call inside the service method (handlers are set there). */
    static void start(ReclaimRequest request, ServerCallStreamObserver<ReclaimMessage> observer, DriveScheduler scheduler,
                      long stagingBytes, Duration stall) {
        OnReadySender<ReclaimMessage> sender = new OnReadySender<>(observer, BUFFER, stall, scheduler::shuttingDown);
        ReclaimListener listener = new ReclaimListener() {
            @Override
            public void progress(ReclaimProgress progress) {
                sender.send(ReclaimMessage.newBuilder().setProgress(io.tapelib.proto.v1.ReclaimProgress.newBuilder()
                        .setJobId(progress.jobId()).setTargetVolumeTag(progress.targetVolumeTag())
                        .setFilesDone(progress.filesDone()).setTotalFiles(progress.totalFiles())
                        .setBytesDone(progress.bytesDone()).setTotalBytes(progress.totalBytes())).build());
            }

            @Override
            public void checkActive() {
                if (sender.cancelled()) {
                    throw new CancellationException("the client went away (cancelled, deadline passed or connection"
                            + " closed) during the reclaim");
                }
                if (scheduler.shuttingDown()) {
                    throw new CancellationException("the controller is shutting down; the reclaim was cancelled");
                }
            }
        };
        io.tapelib.controller.jobs.ReclaimRequest mapped;
        try {
            mapped = request(request, stagingBytes);
        } catch (IllegalArgumentException e) {
            sender.fail(GrpcErrors.toStatus("Reclaim", e));
            return;
        }
        scheduler.reclaim(mapped, listener).whenComplete((result, error) -> {
            if (error != null) {
                if (!sender.cancelled()) {
                    sender.fail(GrpcErrors.toStatus("Reclaim", error));
                }
                return;
            }
            try {
                sender.send(ReclaimMessage.newBuilder().setResult(ProtoMapping.migrateResult(result)).build());
                sender.complete();
            } catch (CancellationException e) {
                GrpcErrors.toStatus("Reclaim", new CancellationException(e.getMessage() + "; " + result.files().size()
                        + " file(s) are on the target all the same"));
            }
        });
    }

    /**
     * The job's request.
     *
     * @throws IllegalArgumentException naming the field: a file without a path or kind, extents past its length, a
     *                                  malformed pending change, an expected generation or block size out of range
     */
    static io.tapelib.controller.jobs.ReclaimRequest request(ReclaimRequest request, long stagingBytes) {
        if (request.getSourceVolumeTag().isBlank()) {
            throw new IllegalArgumentException("source_volume_tag is required");
        }
        if (request.getFilesCount() == 0) {
            throw new IllegalArgumentException("files: a reclaim names at least one file");
        }
        List<ReclaimFile> files = new ArrayList<>();
        for (int i = 0; i < request.getFilesCount(); i++) {
            try {
                files.add(file(request.getFiles(i).getFile(), request.getFiles(i).getExtentsList()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("files[" + i + "]: " + e.getMessage(), e);
            }
        }
        Map<String, List<IndexChange>> pending = new HashMap<>();
        for (int i = 0; i < request.getPendingChangesCount(); i++) {
            VolumeChanges changes = request.getPendingChanges(i);
            pending.computeIfAbsent(changes.getVolumeTag().strip(), t -> new ArrayList<>())
                    .addAll(ChangeMapping.changes("pending_changes[" + i + "].changes", changes.getChangesList()));
        }
        if (request.getExpectedGeneration() < 0) {
            throw new IllegalArgumentException("expected_generation " + Long.toUnsignedString(request.getExpectedGeneration())
                    + " is not an index generation");
        }
        if (request.getBlockSize() < 0) {
            throw new IllegalArgumentException("block_size " + Integer.toUnsignedString(request.getBlockSize())
                    + " is not a logical block size");
        }
        Set<String> excluded = new HashSet<>();
        request.getExcludeVolumeTagsList().stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(excluded::add);
        return new io.tapelib.controller.jobs.ReclaimRequest(request.getSourceVolumeTag().strip(), files, excluded,
                Optional.of(request.getTargetVolumeTag()), new ExpectedVolume(request.getExpectedUuid(),
                request.getExpectedGeneration(), request.getBlockSize()), pending, stagingBytes);
    }

    private static ReclaimFile file(FileStart start, List<io.tapelib.proto.v1.Extent> extents) {
        FileMetadata metadata = ProtoMapping.metadata(start);
        return new ReclaimFile(start.getFileId(), metadata, metadata.kind() == EntryKind.FILE ? start.getLength() : 0,
                ChangeMapping.xattrs(start.getXattrsList()), start.getLinksList(), ProtoMapping.extentsFromProto(extents));
    }
}

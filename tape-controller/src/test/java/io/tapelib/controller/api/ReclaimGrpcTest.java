package io.tapelib.controller.api;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.Extent;
import io.tapelib.proto.v1.FileEnd;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobState;
import io.tapelib.proto.v1.JobType;
import io.tapelib.proto.v1.ListJobsRequest;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RecallFile;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.ReclaimFile;
import io.tapelib.proto.v1.ReclaimMessage;
import io.tapelib.proto.v1.ReclaimRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reclaim through the gRPC API on the shared virtual library (1 drive: rounds through staging): progress then the
 * result, the error codes, and a client that cancels. TL0007L5 and TL0008L5 stay blank for the other tests, so every
 * call excludes them.
 */
@QuarkusTest
@TestProfile(VirtualLibraryProfile.class)
class ReclaimGrpcTest {

    private static final String SOURCE = "TL0003L5";
    private static final List<String> KEEP_BLANK = List.of("TL0007L5", "TL0008L5");

    @GrpcClient("tape")
    Channel channel;

    /** Lengths of the files migrated, by path. */
    private final Map<String, Integer> lengths = new java.util.concurrent.ConcurrentHashMap<>();

    private TapeControllerGrpc.TapeControllerBlockingStub stub() {
        return TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
    }

    /** Migrates {@code files} (path to content) to the source volume. */
    private MigrateResult migrate(Map<String, byte[]> files) throws Exception {
        CompletableFuture<MigrateResult> result = new CompletableFuture<>();
        StreamObserver<MigrateMessage> requests = TapeControllerGrpc.newStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
                .migrate(new StreamObserver<>() {
                    @Override
                    public void onNext(MigrateResult value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(MigrateMessage.newBuilder().setHeader(MigrateHeader.newBuilder().setVolumeTag(SOURCE)).build());
        long id = 1;
        files.forEach((path, data) -> lengths.put(path, data.length));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            requests.onNext(MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(id).setPath(file.getKey())
                    .setKind(EntryKind.FILE).setLength(file.getValue().length).setMode(0600)
                    .addXattrs(io.tapelib.proto.v1.Xattr.newBuilder().setKey("user.k").setValue(ByteString.copyFromUtf8("v"))))
                    .build());
            requests.onNext(MigrateMessage.newBuilder().setData(ByteString.copyFrom(file.getValue())).build());
            requests.onNext(MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(id++)).build());
        }
        requests.onCompleted();
        return result.get(2, TimeUnit.MINUTES);
    }

    private static Map<String, byte[]> files(String prefix, int count, int size) {
        Random random = new Random(prefix.hashCode());
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            files.put(prefix + "/" + i, data);
        }
        return files;
    }

    private ReclaimRequest.Builder request(MigrateResult migrated) {
        ReclaimRequest.Builder request = ReclaimRequest.newBuilder().setSourceVolumeTag(SOURCE)
                .addAllExcludeVolumeTags(KEEP_BLANK).setExpectedUuid(migrated.getVolume().getVolumeUuid())
                .setExpectedGeneration(migrated.getVolume().getGeneration());
        for (MigratedFile file : migrated.getFilesList()) {
            request.addFiles(ReclaimFile.newBuilder().setFile(FileStart.newBuilder().setFileId(file.getFileId())
                    .setPath(file.getPath()).setKind(EntryKind.FILE).setLength(lengths.get(file.getPath())).setMode(0600)
                    .addXattrs(io.tapelib.proto.v1.Xattr.newBuilder().setKey("user.k").setValue(ByteString.copyFromUtf8("v"))))
                    .addAllExtents(file.getExtentsList()));
        }
        return request;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private Job newestReclaim() {
        return stub().listJobs(ListJobsRequest.newBuilder().setLimit(200).build()).getJobsList().stream()
                .filter(j -> j.getType() == JobType.RECLAIM).findFirst().orElseThrow();
    }

    @Test
    void progressForEachFileThenTheResultAndTheCopiesReadBackWithTheirSha256() throws Exception {
        Map<String, byte[]> files = files("grpc-reclaim", 4, 300_000);
        MigrateResult migrated = migrate(files);

        List<ReclaimMessage> messages = new ArrayList<>();
        stub().reclaim(request(migrated).build()).forEachRemaining(messages::add);

        assertThat(messages).hasSize(5);
        assertThat(messages.subList(0, 4)).allSatisfy(m -> assertThat(m.hasProgress()).isTrue());
        assertThat(messages.get(3).getProgress().getFilesDone()).isEqualTo(4);
        assertThat(messages.get(3).getProgress().getTotalBytes()).isEqualTo(1_200_000);
        MigrateResult result = messages.get(4).getResult();
        String target = result.getVolume().getVolumeTag();
        assertThat(target).isNotEqualTo(SOURCE).isNotIn(KEEP_BLANK);
        assertThat(messages.get(0).getProgress().getTargetVolumeTag()).isEqualTo(target);
        assertThat(result.getFilesList()).hasSize(4);
        for (MigratedFile file : result.getFilesList()) {
            assertThat(file.getSha256()).isEqualTo(sha256(files.get(file.getPath())));
            ByteArrayOutputStream recalled = new ByteArrayOutputStream();
            Iterator<RecallMessage> stream = stub().recall(RecallRequest.newBuilder().setVolumeTag(target)
                    .addFiles(RecallFile.newBuilder().setFileId(1).setLength(lengths.get(file.getPath()))
                            .addAllExtents(file.getExtentsList())).build());
            stream.forEachRemaining(m -> {
                if (m.hasChunk()) {
                    recalled.writeBytes(m.getChunk().getData().toByteArray());
                }
            });
            assertThat(sha256(recalled.toByteArray())).isEqualTo(file.getSha256());
        }
        Job job = newestReclaim();
        assertThat(job.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.getFiles()).isEqualTo(4);
        assertThat(job.getTotalFiles()).isEqualTo(4);
        assertThat(job.getTotalBytes()).isEqualTo(1_200_000);
        assertThat(job.getDetail()).contains(target);
    }

    @Test
    void errorsAreNotFoundFailedPreconditionAndInvalidArgumentNamingTheField() throws Exception {
        MigrateResult migrated = migrate(files("grpc-reclaim-errors", 1, 1000));

        assertThat(code(request(migrated).setSourceVolumeTag("NOPE99L5"))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(request(migrated).setExpectedUuid("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
                .setExpectedGeneration(0))).isEqualTo(Status.Code.FAILED_PRECONDITION);
        ReclaimRequest.Builder noPath = request(migrated);
        noPath.getFilesBuilder(0).getFileBuilder().setPath("");
        assertThatThrownBy(() -> stub().reclaim(noPath.build()).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("files[0]");
                });
        ReclaimRequest.Builder pastLength = request(migrated);
        pastLength.getFilesBuilder(0).addExtents(Extent.newBuilder().setPartition(1).setStartBlock(4)
                .setByteCount(10).setFileOffset(995));
        assertThatThrownBy(() -> stub().reclaim(pastLength.build()).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("files[0]").contains("past its length");
                });
    }

    private Status.Code code(ReclaimRequest.Builder request) {
        try {
            stub().reclaim(request.build()).forEachRemaining(m -> { });
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void aClientThatCancelsMidReclaimEndsTheJobWithinSeconds() throws Exception {
        MigrateResult migrated = migrate(files("grpc-reclaim-cancel", 64, 128 * 1024));
        CompletableFuture<Long> cancelledAt = new CompletableFuture<>();

        TapeControllerGrpc.newStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES).reclaim(request(migrated).build(),
                new ClientResponseObserver<ReclaimRequest, ReclaimMessage>() {
                    private ClientCallStreamObserver<ReclaimRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<ReclaimRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(ReclaimMessage value) {
                        if (value.hasProgress() && !cancelledAt.isDone()) {
                            cancelledAt.complete(System.nanoTime());
                            call.cancel("the test goes away", null);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });

        long cancelled = cancelledAt.get(1, TimeUnit.MINUTES);
        await().atMost(10, TimeUnit.SECONDS).until(() -> newestReclaim().getState() == JobState.FAILED);
        assertThat(System.nanoTime() - cancelled).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertThat(newestReclaim().getFiles()).isLessThan(64);
        assertThat(newestReclaim().getError()).contains("went away");
    }
}

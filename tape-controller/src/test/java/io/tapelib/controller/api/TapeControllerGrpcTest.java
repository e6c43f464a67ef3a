package io.tapelib.controller.api;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.FileEnd;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.ReadIndexRequest;
import io.tapelib.proto.v1.RecoverRequest;
import io.tapelib.proto.v1.RecallFile;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.VolumeState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Migrate, ReadIndex and Recall of a real file through the gRPC API, with flow control on both sides. */
@QuarkusTest
@TestProfile(VirtualLibraryProfile.class)
class TapeControllerGrpcTest {

    private static final int CHUNK = 1024 * 1024;

    @GrpcClient("tape")
    Channel channel;

    @Test
    void getLibraryReportsTheVirtualLibrarysTimingsAndScale() {
        io.tapelib.proto.v1.DriveTimings timings = TapeControllerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(1, TimeUnit.MINUTES)
                .getLibrary(io.tapelib.proto.v1.GetLibraryRequest.getDefaultInstance()).getTimings();

        assertThat(timings.getRobotMoveSeconds()).isEqualTo(20.0);
        assertThat(timings.getLoadSeconds()).isEqualTo(12.0);
        assertThat(timings.getUnloadSeconds()).isEqualTo(17.0);
        assertThat(timings.getEndToEndSeconds()).isEqualTo(142.0);
        assertThat(timings.getStreamingBytesPerSecond()).isEqualTo(140_000_000.0);
        assertThat(timings.getScale()).as("tapelib.virtual.time-scale of the profile").isEqualTo(0.0);
    }

    @Test
    void aRecallNamingAGenerationBeyondWhatAVolumeCanHaveIsAnInvalidArgument() {
        RecallRequest request = RecallRequest.newBuilder().setVolumeTag("TL0001L5").setExpectedUuid("u")
                .setExpectedGeneration(-1L).build();

        assertThatThrownBy(() -> TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .recall(request).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("expected_generation");
                });
    }

    @Test
    void migratedFileIsInTheIndexAndRecallsWithTheSameSha256() throws Exception {
        Path source = realFile();
        byte[] content = Files.readAllBytes(source);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        MigrateResult result = migrate(List.of(
                MigrateMessage.newBuilder().setHeader(MigrateHeader.getDefaultInstance()).build(),
                MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(7).setPath("jdk/" + source.getFileName())
                        .setKind(EntryKind.FILE).setLength(content.length).setMode(0640).setUid(1000).setGid(1000)).build()),
                content, 7).get(2, TimeUnit.MINUTES);

        assertThat(result.getFilesList()).singleElement().satisfies(file -> {
            assertThat(file.getFileId()).isEqualTo(7);
            assertThat(file.getSha256()).isEqualTo(sha256);
            assertThat(file.getExtentsList()).isNotEmpty();
        });
        String volumeTag = result.getVolume().getVolumeTag();
        assertThat(result.getVolume().getState()).isEqualTo(VolumeState.LTFS);

        List<IndexMessage> index = new ArrayList<>();
        TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
                .readIndex(ReadIndexRequest.newBuilder().setVolumeTag(volumeTag).build()).forEachRemaining(index::add);
        assertThat(index.get(0).getVolume().getVolumeTag()).isEqualTo(volumeTag);
        List<IndexEntry> entries = IndexStream.entries(index.iterator());
        IndexEntry entry = entries.stream()
                .filter(e -> e.getPath().equals("jdk/" + source.getFileName())).findFirst().orElseThrow();
        assertThat(entry.getLength()).isEqualTo(content.length);
        assertThat(entry.getMode()).isEqualTo(0640);
        assertThat(entries).anySatisfy(e -> assertThat(e.getPath()).isEqualTo("jdk"));

        ByteArrayOutputStream recalled = new ByteArrayOutputStream();
        Iterator<RecallMessage> stream = TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
                .recall(RecallRequest.newBuilder().setVolumeTag(volumeTag).addFiles(RecallFile.newBuilder().setFileId(42)
                        .setLength(entry.getLength()).addAllExtents(entry.getExtentsList())).build());
        boolean done = false;
        while (stream.hasNext()) {
            RecallMessage message = stream.next();
            if (message.hasChunk()) {
                assertThat(message.getChunk().getFileId()).isEqualTo(42);
                assertThat(message.getChunk().getOffset()).isEqualTo(recalled.size());
                assertThat(message.getChunk().getData().size()).isLessThanOrEqualTo(CHUNK);
                message.getChunk().getData().writeTo(recalled);
            } else {
                done = message.getDone().getFileId() == 42;
            }
        }
        assertThat(done).isTrue();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recalled.toByteArray())))
                .isEqualTo(sha256);

        // resumed after a cut stream: only the bytes from from_offset come, and they are the file's
        int from = content.length / 3;
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
                .recall(RecallRequest.newBuilder().setVolumeTag(volumeTag).addFiles(RecallFile.newBuilder().setFileId(42)
                        .setLength(entry.getLength()).addAllExtents(entry.getExtentsList()).setFromOffset(from)).build())
                .forEachRemaining(message -> {
                    if (message.hasChunk()) {
                        assertThat(message.getChunk().getOffset()).isEqualTo(from + rest.size());
                        rest.writeBytes(message.getChunk().getData().toByteArray());
                    }
                });
        assertThat(rest.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, from, content.length));
    }

    @Test
    void aRecallFromAnOffsetPastTheFilesEndIsAnInvalidArgument() {
        RecallRequest request = RecallRequest.newBuilder().setVolumeTag("TL0001L5")
                .addFiles(RecallFile.newBuilder().setFileId(1).setLength(10).setFromOffset(11)).build();

        assertThatThrownBy(() -> TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .recall(request).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("from_offset 11");
                });
    }

    @Test
    void aFileTheVolumeCannotTakeIsRejectedAloneAndTheBatchGoesOn() throws Exception {
        byte[] content = "kept bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<MigrateMessage> messages = new ArrayList<>(List.of(
                MigrateMessage.newBuilder().setHeader(MigrateHeader.getDefaultInstance()).build(),
                start(1, "clash", EntryKind.DIRECTORY, 0), end(1),
                start(2, "clash", EntryKind.FILE, content.length), data(content), end(2),
                start(3, "negative", EntryKind.FILE, -1), data(content), end(3),
                start(4, "clash/kept", EntryKind.FILE, content.length), data(content), end(4)));

        MigrateResult result = migrate(messages).get(2, TimeUnit.MINUTES);

        assertThat(result.getFilesList()).extracting(f -> f.getFileId()).containsExactly(1L, 4L);
        assertThat(result.getRejectedList()).extracting(r -> r.getFileId(), r -> r.getReason()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, io.tapelib.proto.v1.RejectReason.PATH_CONFLICT),
                org.assertj.core.groups.Tuple.tuple(3L, io.tapelib.proto.v1.RejectReason.INVALID));
        assertThat(result.getRejected(0).getDetail()).contains("a directory exists there");
        assertThat(result.getVolumeFull()).isFalse();
    }

    @Test
    void aMigrateTheClientCancelsFailsItsJobAndFreesTheDrive() throws Exception {
        CompletableFuture<MigrateResult> result = new CompletableFuture<>();
        io.grpc.stub.StreamObserver<MigrateMessage> requests = TapeControllerGrpc.newStub(channel)
                .withDeadlineAfter(2, TimeUnit.MINUTES).migrate(observer(result));
        requests.onNext(MigrateMessage.newBuilder().setHeader(MigrateHeader.getDefaultInstance()).build());
        requests.onNext(start(5, "cancelled", EntryKind.FILE, 10L * CHUNK));
        requests.onNext(data(new byte[CHUNK]));
        await().atMost(1, TimeUnit.MINUTES).until(() -> newestMigrate().getState() == io.tapelib.proto.v1.JobState.RUNNING);

        requests.onError(io.grpc.Status.CANCELLED.withDescription("test cancels").asRuntimeException());

        await().atMost(1, TimeUnit.MINUTES).until(() -> newestMigrate().getState() == io.tapelib.proto.v1.JobState.FAILED);
        assertThat(newestMigrate().getError()).contains("the client went away");
        byte[] content = {1, 2, 3};
        MigrateResult next = migrate(List.of(MigrateMessage.newBuilder().setHeader(MigrateHeader.getDefaultInstance()).build(),
                start(6, "after-cancel", EntryKind.FILE, content.length), data(content), end(6))).get(2, TimeUnit.MINUTES);
        assertThat(next.getFilesList()).singleElement().satisfies(f -> assertThat(f.getPath()).isEqualTo("after-cancel"));
    }

    private io.tapelib.proto.v1.Job newestMigrate() {
        return TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .listJobs(io.tapelib.proto.v1.ListJobsRequest.getDefaultInstance()).getJobsList().stream()
                .filter(j -> j.getType() == io.tapelib.proto.v1.JobType.MIGRATE).findFirst().orElseThrow();
    }

    private static MigrateMessage start(long id, String path, EntryKind kind, long length) {
        return MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(id).setPath(path).setKind(kind)
                .setLength(length).setMode(kind == EntryKind.DIRECTORY ? 0755 : 0644)).build();
    }

    private static MigrateMessage data(byte[] bytes) {
        return MigrateMessage.newBuilder().setData(ByteString.copyFrom(bytes)).build();
    }

    private static MigrateMessage end(long id) {
        return MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(id)).build();
    }

    @Test
    void recoverOfAnUnknownTagIsNotFoundAndOfABlankTapeAFailedPrecondition() {
        TapeControllerGrpc.TapeControllerBlockingStub stub = TapeControllerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(1, TimeUnit.MINUTES);
        assertThatThrownBy(() -> stub.recover(RecoverRequest.newBuilder().setVolumeTag("XX0000L5").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> stub.recover(RecoverRequest.newBuilder().setVolumeTag("TL0008L5").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("TL0008L5");
                });
    }

    @Test
    void readIndexOfAnUnknownTagIsNotFound() {
        assertThatThrownBy(() -> TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .readIndex(ReadIndexRequest.newBuilder().setVolumeTag("XX0000L5").build()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("XX0000L5");
                });
    }

    /** Sends the head messages, the content in 1 MiB chunks and a FileEnd, only while the call is ready. */
    private CompletableFuture<MigrateResult> migrate(List<MigrateMessage> head, byte[] content, long fileId) {
        List<MigrateMessage> messages = new ArrayList<>(head);
        for (int offset = 0; offset < content.length; offset += CHUNK) {
            messages.add(MigrateMessage.newBuilder()
                    .setData(ByteString.copyFrom(content, offset, Math.min(CHUNK, content.length - offset))).build());
        }
        messages.add(MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(fileId)).build());
        return migrate(messages);
    }

    /** Sends the messages only while the call is ready, then half-closes. */
    private CompletableFuture<MigrateResult> migrate(List<MigrateMessage> messages) {
        CompletableFuture<MigrateResult> result = new CompletableFuture<>();
        io.grpc.stub.StreamObserver<MigrateResult> answer = observer(result);
        Iterator<MigrateMessage> next = messages.iterator();
        TapeControllerGrpc.newStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES).migrate(
                new ClientResponseObserver<MigrateMessage, MigrateResult>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<MigrateMessage> requests) {
                        requests.setOnReadyHandler(() -> {
                            while (requests.isReady() && next.hasNext()) {
                                requests.onNext(next.next());
                            }
                            if (!next.hasNext()) {
                                requests.onCompleted();
                            }
                        });
                    }

                    @Override
                    public void onNext(MigrateResult value) {
                        answer.onNext(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.onCompleted();
                    }
                });
        return result;
    }

    private static io.grpc.stub.StreamObserver<MigrateResult> observer(CompletableFuture<MigrateResult> result) {
        return new io.grpc.stub.StreamObserver<>() {
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
                // the result arrived in onNext
            }
        };
    }

    /** A real file of a few MiB from the running JDK, so that the data spans several chunks and blocks. */
    private static Path realFile() {
        Path lib = Path.of(System.getProperty("java.home"), "lib");
        for (String name : List.of("ct.sym", "classlist", "jrt-fs.jar")) {
            if (Files.isRegularFile(lib.resolve(name))) {
                return lib.resolve(name);
            }
        }
        throw new IllegalStateException("no JDK file to migrate under " + lib);
    }

}

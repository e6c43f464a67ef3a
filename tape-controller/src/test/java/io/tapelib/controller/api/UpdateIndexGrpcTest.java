package io.tapelib.controller.api;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.EntryMetadata;
import io.tapelib.proto.v1.FileEnd;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.IndexChange;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.JobType;
import io.tapelib.proto.v1.ListJobsRequest;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.ReadIndexRequest;
import io.tapelib.proto.v1.RemoveEntry;
import io.tapelib.proto.v1.RenameEntry;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.UpdateIndexRequest;
import io.tapelib.proto.v1.UpdateIndexResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UpdateIndex through the gRPC API: changes in the index a ReadIndex sends, and the refusals' status codes. */
@QuarkusTest
@TestProfile(VirtualLibraryProfile.class)
class UpdateIndexGrpcTest {

    /** A cartridge no other test of the profile writes. */
    private static final String TAG = "TL0006L5";

    @GrpcClient("tape")
    Channel channel;

    @Test
    void changesReachTheIndexAndACallWithoutAPathIsInvalid() throws Exception {
        MigrateResult migrated = migrateDirectories(TAG, "upd/old", "upd/gone").get(2, TimeUnit.MINUTES);
        assertThat(migrated.getFilesCount()).isEqualTo(2);
        long generation = migrated.getVolume().getGeneration();

        UpdateIndexResult result = stub().updateIndex(UpdateIndexRequest.newBuilder().setVolumeTag(TAG)
                .addChanges(IndexChange.newBuilder().setRename(RenameEntry.newBuilder().setFrom("upd/old").setTo("upd/new")))
                .addChanges(IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("upd/gone")))
                .addChanges(IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("upd/never")))
                .addChanges(IndexChange.newBuilder().setPut(EntryMetadata.newBuilder().setPath("upd/new")
                        .setKind(EntryKind.DIRECTORY).setMode(0700).setUid(7).setGid(8)))
                .build());

        assertThat(result.getApplied()).isEqualTo(3);
        assertThat(result.getSkippedList()).singleElement().satisfies(s -> {
            assertThat(s.getIndex()).isEqualTo(2);
            assertThat(s.getDetail()).contains("upd/never");
        });
        assertThat(result.getVolume().getGeneration()).isEqualTo(generation + 1);
        List<IndexEntry> entries = new ArrayList<>();
        stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(TAG).build()).forEachRemaining(m -> {
            if (m.hasEntry()) {
                entries.add(m.getEntry());
            }
        });
        assertThat(entries).extracting(IndexEntry::getPath).containsExactlyInAnyOrder("upd", "upd/new");
        assertThat(entries).filteredOn(e -> e.getPath().equals("upd/new")).singleElement()
                .satisfies(e -> assertThat(List.of(e.getMode(), e.getUid(), e.getGid())).containsExactly(0700, 7, 8));
        assertThat(stub().listJobs(ListJobsRequest.newBuilder().setLimit(20).build()).getJobsList())
                .anySatisfy(job -> assertThat(job.getType()).isEqualTo(JobType.UPDATE_INDEX));

        assertThatThrownBy(() -> stub().updateIndex(UpdateIndexRequest.newBuilder().setVolumeTag(TAG)
                .addChanges(IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("upd/new")))
                .addChanges(IndexChange.newBuilder().setRename(RenameEntry.newBuilder().setFrom("upd/new"))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("changes[1].rename.to");
                });
        assertThat(stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(TAG).build()))
                .toIterable().filteredOn(IndexMessage::hasEntry).as("the invalid call changed nothing")
                .extracting(m -> m.getEntry().getPath()).contains("upd/new");
    }

    @Test
    void anUnknownTagIsNotFoundAndABlankCartridgeAFailedPrecondition() {
        UpdateIndexRequest.Builder request = UpdateIndexRequest.newBuilder()
                .addChanges(IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("a")));
        assertThatThrownBy(() -> stub().updateIndex(request.setVolumeTag("NOPE99L5").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> stub().updateIndex(request.setVolumeTag("TL0007L5").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    private TapeControllerGrpc.TapeControllerBlockingStub stub() {
        return TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
    }

    /** A Migrate of directory entries only (no data), small enough to send without waiting for readiness. */
    private CompletableFuture<MigrateResult> migrateDirectories(String tag, String... paths) {
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
        requests.onNext(MigrateMessage.newBuilder().setHeader(MigrateHeader.newBuilder().setVolumeTag(tag)).build());
        for (int i = 0; i < paths.length; i++) {
            requests.onNext(MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(i + 1)
                    .setPath(paths[i]).setKind(EntryKind.DIRECTORY).setMode(0755)).build());
            requests.onNext(MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(i + 1)).build());
        }
        requests.onCompleted();
        return result;
    }
}

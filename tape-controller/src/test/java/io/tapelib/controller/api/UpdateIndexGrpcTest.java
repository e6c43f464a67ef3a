package io.tapelib.controller.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
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
import io.tapelib.proto.v1.VolumeChanges;
import io.tapelib.proto.v1.Xattr;
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
        List<IndexEntry> entries = IndexStream.entries(stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(TAG)
                .build()));
        assertThat(entries).extracting(IndexEntry::getPath).filteredOn(p -> p.startsWith("upd"))
                .containsExactlyInAnyOrder("upd", "upd/new");
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
        assertThat(IndexStream.entries(stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(TAG).build())))
                .as("the invalid call changed nothing").extracting(IndexEntry::getPath).contains("upd/new");
    }

    @Test
    void aMigrateAppliesThePendingChangesOfItsVolumeAndWritesXattrsLinksAndSpecialFiles() throws Exception {
        String tag = "TL0005L5";
        assertThat(migrate(List.of(header(tag, List.of()), directory(1, "pend/old"), end(1))).get(2, TimeUnit.MINUTES)
                .getFilesCount()).isEqualTo(1);
        byte[] content = "content".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] binary = {0, (byte) 0xff, 10};

        MigrateResult result = migrate(List.of(
                header(tag, List.of(
                        IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("pend/old")).build(),
                        IndexChange.newBuilder().setRemove(RemoveEntry.newBuilder().setPath("pend/none")).build())),
                MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(2).setPath("pend/old")
                        .setKind(EntryKind.FILE).setLength(content.length).setMode(0600).addLinks("pend/other-name")
                        .addXattrs(Xattr.newBuilder().setKey("bin").setValue(ByteString.copyFrom(binary)))).build(),
                MigrateMessage.newBuilder().setData(ByteString.copyFrom(content)).build(), end(2),
                MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(3).setPath("pend/tty")
                        .setKind(EntryKind.CHARACTER_DEVICE).setMode(0620).setDeviceNumber((4 << 8) | 1)).build(),
                end(3))).get(2, TimeUnit.MINUTES);

        assertThat(result.getRejectedList()).isEmpty();
        assertThat(result.getChangesApplied()).isTrue();
        assertThat(result.getChangesSkippedList()).extracting(s -> s.getIndex()).containsExactly(1);
        java.util.Map<String, IndexEntry> entries = new java.util.HashMap<>();
        IndexStream.entries(stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(tag).build()))
                .forEach(e -> entries.put(e.getPath(), e));
        assertThat(entries.get("pend/old").getKind()).as("the new file, not the removed directory")
                .isEqualTo(EntryKind.FILE);
        assertThat(entries.get("pend/old").getXattrsList()).filteredOn(x -> x.getKey().equals("bin")).singleElement()
                .satisfies(x -> assertThat(x.getValue().toByteArray()).containsExactly(binary));
        assertThat(entries.get("pend/other-name").getLinkGroup()).isNotEmpty()
                .isEqualTo(entries.get("pend/old").getLinkGroup());
        assertThat(entries.get("pend/other-name").getExtentsList()).isEqualTo(entries.get("pend/old").getExtentsList());
        assertThat(entries.get("pend/tty").getKind()).isEqualTo(EntryKind.CHARACTER_DEVICE);
        assertThat(entries.get("pend/tty").getDeviceNumber()).isEqualTo((4 << 8) | 1);
        assertThat(entries.get("pend/tty").getXattrsList()).as("vendor attributes are fields").isEmpty();
    }

    @Test
    void readIndexSendsTheRootFirstWithTheMetadataAPutGaveIt() throws Exception {
        migrateDirectories(TAG, "rooted").get(2, TimeUnit.MINUTES);
        Timestamp modified = Timestamp.newBuilder().setSeconds(1_600_000_000L).setNanos(123_456_789).build();
        Timestamp changed = Timestamp.newBuilder().setSeconds(1_600_000_100L).setNanos(5).build();
        Timestamp accessed = Timestamp.newBuilder().setSeconds(1_600_000_200L).build();
        UpdateIndexResult result = stub().updateIndex(UpdateIndexRequest.newBuilder().setVolumeTag(TAG)
                // the gateway names the root "/" in a change: an empty path is refused
                .addChanges(IndexChange.newBuilder().setPut(EntryMetadata.newBuilder().setPath("/")
                        .setKind(EntryKind.DIRECTORY).setMode(0710).setUid(11).setGid(12).setModifyTime(modified)
                        .setChangeTime(changed).setAccessTime(accessed)
                        .addXattrs(Xattr.newBuilder().setKey("root-note").setValue(ByteString.copyFromUtf8("top")))))
                .build());
        assertThat(result.getSkippedList()).isEmpty();

        List<IndexMessage> index = new ArrayList<>();
        stub().readIndex(ReadIndexRequest.newBuilder().setVolumeTag(TAG).build()).forEachRemaining(index::add);

        assertThat(index.get(0).hasVolume()).isTrue();
        List<IndexEntry> entries = IndexStream.entries(index.subList(1, index.size()).iterator());
        assertThat(entries.get(0)).as("the root, right after the volume").satisfies(root -> {
            assertThat(root.getPath()).isEmpty();
            assertThat(root.getKind()).isEqualTo(EntryKind.DIRECTORY);
            assertThat(List.of(root.getMode(), root.getUid(), root.getGid())).containsExactly(0710, 11, 12);
            assertThat(root.getModifyTime()).isEqualTo(modified);
            assertThat(root.getChangeTime()).isEqualTo(changed);
            assertThat(root.getAccessTime()).isEqualTo(accessed);
            assertThat(root.getXattrsList()).filteredOn(x -> x.getKey().equals("root-note")).singleElement()
                    .satisfies(x -> assertThat(x.getValue().toStringUtf8()).isEqualTo("top"));
        });
        assertThat(entries.subList(1, entries.size())).extracting(IndexEntry::getPath)
                .as("the root is sent once").doesNotContain("").contains("rooted");
    }

    private static MigrateMessage header(String tag, List<IndexChange> changes) {
        return MigrateMessage.newBuilder().setHeader(MigrateHeader.newBuilder().setVolumeTag(tag)
                .addPendingChanges(VolumeChanges.newBuilder().setVolumeTag(tag).addAllChanges(changes))).build();
    }

    private static MigrateMessage directory(long id, String path) {
        return MigrateMessage.newBuilder().setFileStart(FileStart.newBuilder().setFileId(id).setPath(path)
                .setKind(EntryKind.DIRECTORY).setMode(0755)).build();
    }

    private static MigrateMessage end(long id) {
        return MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(id)).build();
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

    /** A Migrate of directory entries only (no data). */
    private CompletableFuture<MigrateResult> migrateDirectories(String tag, String... paths) {
        List<MigrateMessage> messages = new ArrayList<>();
        messages.add(MigrateMessage.newBuilder().setHeader(MigrateHeader.newBuilder().setVolumeTag(tag)).build());
        for (int i = 0; i < paths.length; i++) {
            messages.add(directory(i + 1, paths[i]));
            messages.add(end(i + 1));
        }
        return migrate(messages);
    }

    /** A Migrate of a few small messages, sent without waiting for readiness. */
    private CompletableFuture<MigrateResult> migrate(List<MigrateMessage> messages) {
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
        messages.forEach(requests::onNext);
        requests.onCompleted();
        return result;
    }
}

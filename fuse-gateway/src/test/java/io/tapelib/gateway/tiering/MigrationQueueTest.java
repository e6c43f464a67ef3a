package io.tapelib.gateway.tiering;

import static io.tapelib.gateway.tiering.RejectedFilesTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Inode;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RejectReason;
import io.tapelib.proto.v1.RejectedFile;
import io.tapelib.proto.v1.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationQueueTest {
    private static final Volume TAPE = Volume.newBuilder().setVolumeTag("TAPE01L6").build();

    private static List<Long> ids(List<Inode> inodes) {
        return inodes.stream().map(Inode::id).toList();
    }

    private static MigratedFile migrated(long id) {
        return MigratedFile.newBuilder().setFileId(id).setPath("f" + id).build();
    }

    private static RejectedFile rejected(long id, RejectReason reason) {
        return RejectedFile.newBuilder().setFileId(id).setPath("f" + id).setReason(reason).build();
    }

    @Test
    void batchesHoldAtMostTheByteLimitAndABigFileGoesAlone() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 40, 0), file(2, 50, 0), file(3, 500, 0),
                file(4, 10, 0)), 100);
        assertThat(ids(queue.nextBatch())).containsExactly(1L, 2L);
        assertThat(ids(queue.nextBatch())).containsExactly(3L);
        assertThat(ids(queue.nextBatch())).containsExactly(4L);
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void aFullVolumeSendsTheUnreachedFilesAtOnceInTheNextBatch() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0), file(2, 10, 0), file(3, 10, 0),
                file(4, 10, 0), file(5, 10, 0)), 30);
        List<Inode> first = queue.nextBatch();
        assertThat(ids(first)).containsExactly(1L, 2L, 3L);

        BatchOutcome outcome = BatchOutcome.of(ids(first), MigrateResult.newBuilder().setVolume(TAPE)
                .addFiles(migrated(1)).addRejected(rejected(2, RejectReason.VOLUME_FULL)).setVolumeFull(true).build());
        assertThat(outcome.migrated()).extracting(MigratedFile::getFileId).containsExactly(1L);
        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.sendAgain()).containsExactly(2L, 3L);
        queue.settle(first, outcome);

        assertThat(ids(queue.nextBatch())).containsExactly(2L, 3L, 4L);
        assertThat(ids(queue.nextBatch())).containsExactly(5L);
        assertThat(queue.stalled()).isFalse();
    }

    @Test
    void refusedFilesAreSettledAndNotSentAgain() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0), file(2, 10, 0), file(3, 10, 0)), 100);
        List<Inode> batch = queue.nextBatch();
        BatchOutcome outcome = BatchOutcome.of(ids(batch), MigrateResult.newBuilder().setVolume(TAPE)
                .addFiles(migrated(1)).addRejected(rejected(2, RejectReason.PATH_CONFLICT))
                .addRejected(rejected(3, RejectReason.TOO_LARGE)).build());
        assertThat(outcome.refused()).extracting(RejectedFile::getFileId).containsExactly(2L, 3L);
        assertThat(outcome.sendAgain()).isEmpty();
        queue.settle(batch, outcome);
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void unreachedFilesWithoutAFullVolumeWaitForTheNextRound() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0), file(2, 10, 0)), 100);
        List<Inode> batch = queue.nextBatch();
        queue.settle(batch, BatchOutcome.of(ids(batch),
                MigrateResult.newBuilder().setVolume(TAPE).addFiles(migrated(1)).build()));
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void volumeAfterVolumeFullWithoutProgressEndsTheRound() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0)), 100);
        for (int i = 0; i < MigrationQueue.FRUITLESS_FULL_LIMIT; i++) {
            List<Inode> batch = queue.nextBatch();
            assertThat(ids(batch)).containsExactly(1L);
            queue.settle(batch, BatchOutcome.of(ids(batch),
                    MigrateResult.newBuilder().setVolume(TAPE).setVolumeFull(true).build()));
        }
        assertThat(queue.stalled()).isTrue();
        assertThat(queue.nextBatch()).isEmpty();
    }
}

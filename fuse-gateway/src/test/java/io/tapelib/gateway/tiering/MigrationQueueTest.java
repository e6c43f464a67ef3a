package io.tapelib.gateway.tiering;

import static io.tapelib.gateway.tiering.RejectedFilesTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationReport.Migrated;
import io.tapelib.gateway.controller.MigrationReport.RejectReason;
import io.tapelib.gateway.controller.MigrationReport.Rejected;
import io.tapelib.gateway.controller.VolumeFormat;
import io.tapelib.gateway.controller.VolumeSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationQueueTest {
    private static final Optional<VolumeSummary> TAPE =
            Optional.of(new VolumeSummary("TAPE01L6", VolumeFormat.LTFS, null, 2, 524288, 0, 0));

    private static List<Long> ids(List<Inode> inodes) {
        return inodes.stream().map(Inode::id).toList();
    }

    private static Migrated migrated(long id) {
        return new Migrated(id, "f" + id, List.of(), "");
    }

    private static Rejected rejected(long id, RejectReason reason) {
        return new Rejected(id, "f" + id, reason, "");
    }

    private static MigrationReport report(List<Migrated> migrated, List<Rejected> rejected, boolean volumeFull) {
        return new MigrationReport(TAPE, migrated, rejected, volumeFull);
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

        BatchOutcome outcome = BatchOutcome.of(ids(first),
                report(List.of(migrated(1)), List.of(rejected(2, RejectReason.VOLUME_FULL)), true));
        assertThat(outcome.migrated()).extracting(Migrated::fileId).containsExactly(1L);
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
        BatchOutcome outcome = BatchOutcome.of(ids(batch), report(List.of(migrated(1)),
                List.of(rejected(2, RejectReason.PATH_CONFLICT), rejected(3, RejectReason.TOO_LARGE)), false));
        assertThat(outcome.refused()).extracting(Rejected::fileId).containsExactly(2L, 3L);
        assertThat(outcome.sendAgain()).isEmpty();
        queue.settle(batch, outcome);
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void unreachedFilesWithoutAFullVolumeWaitForTheNextRound() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0), file(2, 10, 0)), 100);
        List<Inode> batch = queue.nextBatch();
        queue.settle(batch, BatchOutcome.of(ids(batch), report(List.of(migrated(1)), List.of(), false)));
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void volumeAfterVolumeFullWithoutProgressEndsTheRound() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 10, 0)), 100);
        for (int i = 0; i < MigrationQueue.FRUITLESS_FULL_LIMIT; i++) {
            List<Inode> batch = queue.nextBatch();
            assertThat(ids(batch)).containsExactly(1L);
            queue.settle(batch, BatchOutcome.of(ids(batch), report(List.of(), List.of(), true)));
        }
        assertThat(queue.stalled()).isTrue();
        assertThat(queue.nextBatch()).isEmpty();
    }
}

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
import java.util.Map;
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

    private static BatchOutcome allMigrated(List<Inode> batch) {
        return BatchOutcome.of(ids(batch), report(batch.stream().map(inode -> migrated(inode.id())).toList(),
                List.of(), false));
    }

    private static Inode in(long directory, long id, long size) {
        Inode file = file(id, size, 0);
        return new Inode(file.id(), directory, file.name(), file.kind(), file.mode(), file.uid(), file.gid(), size,
                file.atime(), file.mtime(), file.ctime(), file.crtime(), null, file.cacheState(), file.dirtySince(), 0);
    }

    @Test
    void batchesHoldAtMostTheByteLimitAndABigFileGoesAlone() {
        MigrationQueue queue = new MigrationQueue(List.of(file(1, 40, 0), file(2, 50, 0), file(3, 500, 0),
                file(4, 10, 0)), 100);
        List<Inode> first = queue.nextBatch();
        assertThat(ids(first)).containsExactly(1L, 2L);
        assertThat(queue.nextBatch()).as("the directory's next chunk waits for the answer to the first").isEmpty();
        queue.settle(first, allMigrated(first));
        List<Inode> second = queue.nextBatch();
        assertThat(ids(second)).containsExactly(3L);
        queue.settle(second, allMigrated(second));
        List<Inode> third = queue.nextBatch();
        assertThat(ids(third)).containsExactly(4L);
        queue.settle(third, allMigrated(third));
        assertThat(queue.nextBatch()).isEmpty();
        assertThat(queue.hasWaiting()).isFalse();
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

        List<Inode> second = queue.nextBatch();
        assertThat(ids(second)).containsExactly(2L, 3L, 4L);
        queue.settle(second, allMigrated(second));
        assertThat(ids(queue.nextBatch())).containsExactly(5L);
        assertThat(queue.stalled()).isFalse();
    }

    @Test
    void aBatchHoldsWholeDirectoriesAndADirectoryIsNotSplitWhenAnotherBatchCanTakeItWhole() {
        // oldest change first: a1, b1, a2, c1, b2; directories 10 (a), 20 (b), 30 (c)
        MigrationQueue queue = new MigrationQueue(List.of(in(10, 1, 30), in(20, 2, 30), in(10, 3, 30),
                in(30, 4, 50), in(20, 5, 30)), 130);
        List<Inode> first = queue.nextBatch();
        assertThat(ids(first)).as("a whole, then b whole; c would not fit whole").containsExactly(1L, 3L, 2L, 5L);
        queue.settle(first, allMigrated(first));
        assertThat(ids(queue.nextBatch())).containsExactly(4L);
    }

    @Test
    void directoriesWithDifferentHomesGoInDifferentBatchesAtOnceAndNewDirectoriesRideAlong() {
        Map<Long, String> homes = Map.of(10L, "TAPE01L6", 20L, "TAPE02L6");
        Placement placement = (directory, bytes, files) -> Optional.ofNullable(homes.get(directory));
        MigrationQueue queue = new MigrationQueue(List.of(in(10, 1, 10), in(20, 2, 10), in(30, 3, 10),
                in(10, 4, 10), in(40, 5, 10)), 1000, placement);

        MigrationBatch first = queue.next(tag -> true, true).orElseThrow();
        assertThat(first.target()).isEqualTo("TAPE01L6");
        assertThat(ids(first.files())).as("directory 10, and the new directories 30 and 40 fill its cartridge")
                .containsExactly(1L, 4L, 3L, 5L);
        MigrationBatch second = queue.next(tag -> true, true).orElseThrow();
        assertThat(second.target()).isEqualTo("TAPE02L6");
        assertThat(ids(second.files())).containsExactly(2L);
        assertThat(queue.next(tag -> true, true)).isEmpty();
        queue.settle(first, allMigrated(first.files()));
        queue.settle(second, allMigrated(second.files()));
        assertThat(queue.hasWaiting()).isFalse();
    }

    @Test
    void twoBatchesOutAtOnceNeverNameTheSameCartridgeAndTheSecondChunkFollowsTheFirst() {
        Placement placement = (directory, bytes, files) -> Optional.of("TAPE01L6");
        MigrationQueue queue = new MigrationQueue(List.of(in(10, 1, 60), in(10, 2, 60), in(20, 3, 60)), 100,
                placement);
        MigrationBatch first = queue.next(tag -> true, true).orElseThrow();
        assertThat(ids(first.files())).containsExactly(1L);
        assertThat(queue.next(tag -> true, true)).as("directory 20's home is busy, directory 10's next chunk waits")
                .isEmpty();
        queue.settle(first, allMigrated(first.files()));
        MigrationBatch second = queue.next(tag -> true, true).orElseThrow();
        assertThat(second.target()).isEqualTo("TAPE01L6");
        assertThat(ids(second.files())).containsExactly(2L);
    }

    @Test
    void aCartridgeNotFreeOrUnplacedBatchesNotAllowedHoldTheirDirectoriesBack() {
        Placement placement = (directory, bytes, files) -> directory == 10 ? Optional.of("TAPE01L6") : Optional.empty();
        MigrationQueue queue = new MigrationQueue(List.of(in(10, 1, 10), in(20, 2, 10)), 15, placement);
        assertThat(queue.next(tag -> !tag.equals("TAPE01L6"), false)).isEmpty();
        MigrationBatch unplaced = queue.next(tag -> !tag.equals("TAPE01L6"), true).orElseThrow();
        assertThat(unplaced.placed()).isFalse();
        assertThat(ids(unplaced.files())).containsExactly(2L);
        MigrationBatch placed = queue.next(tag -> true, false).orElseThrow();
        assertThat(placed.target()).isEqualTo("TAPE01L6");
    }

    @Test
    void aHomeThatFilledUpIsNoHomeForTheRestOfTheRound() {
        Placement placement = (directory, bytes, files) -> Optional.of("TAPE01L6");
        MigrationQueue queue = new MigrationQueue(List.of(in(10, 1, 10), in(10, 2, 10)), 100, placement);
        MigrationBatch first = queue.next(tag -> true, true).orElseThrow();
        assertThat(first.target()).isEqualTo("TAPE01L6");
        queue.settle(first, BatchOutcome.of(ids(first.files()), report(List.of(migrated(1)),
                List.of(rejected(2, RejectReason.VOLUME_FULL)), true)));
        MigrationBatch again = queue.next(tag -> true, true).orElseThrow();
        assertThat(again.placed()).as("the controller chooses another cartridge").isFalse();
        assertThat(ids(again.files())).containsExactly(2L);
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

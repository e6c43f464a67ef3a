package io.tapelib.gateway.tiering;

import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationReport.Migrated;
import io.tapelib.gateway.controller.MigrationReport.RejectReason;
import io.tapelib.gateway.controller.MigrationReport.Rejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What became of each file of one Migrate batch, read from the controller's report (files in neither of its
 * lists were not reached).
 *
 * @param migrated   on tape with an index naming them: to record in the catalog
 * @param refused    refused for good (path conflict, too large, invalid): not sent again until they change
 * @param sendAgain  file ids, in the order they were sent, to send in a later batch: not reached, or refused
 *                   only because the volume filled
 * @param volumeFull the volume filled during the batch; the controller takes another volume next time
 */
record BatchOutcome(List<Migrated> migrated, List<Rejected> refused, List<Long> sendAgain,
                    boolean volumeFull) {

    /**
     * Sorts the files of a batch by the controller's answer.
     *
     * @param sent the file ids of the batch in the order they were sent
     */
    static BatchOutcome of(List<Long> sent, MigrationReport result) {
        Set<Long> answered = new HashSet<>();
        for (Migrated file : result.migrated()) {
            answered.add(file.fileId());
        }
        List<Rejected> refused = new ArrayList<>();
        for (Rejected file : result.rejected()) {
            if (file.reason() != RejectReason.VOLUME_FULL) {
                refused.add(file);
                answered.add(file.fileId());
            }
        }
        List<Long> sendAgain = sent.stream().filter(id -> !answered.contains(id)).toList();
        return new BatchOutcome(result.migrated(), List.copyOf(refused), sendAgain, result.volumeFull());
    }

    /** Whether the batch settled any file (migrated or refused for good). */
    boolean madeProgress() {
        return !migrated.isEmpty() || !refused.isEmpty();
    }
}

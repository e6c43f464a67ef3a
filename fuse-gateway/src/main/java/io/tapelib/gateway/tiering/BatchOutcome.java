package io.tapelib.gateway.tiering;

import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RejectReason;
import io.tapelib.proto.v1.RejectedFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What became of each file of one Migrate batch, read from the controller's MigrateResult
 * (proto/src/main/resources/tapelib/v1/tape_controller.proto: files in neither list were not reached).
 *
 * @param migrated   on tape with an index naming them: to record in the catalog
 * @param refused    refused for good (path conflict, too large, invalid): not sent again until they change
 * @param sendAgain  file ids, in the order they were sent, to send in a later batch: not reached, or refused
 *                   only because the volume filled
 * @param volumeFull the volume filled during the batch; the controller takes another volume next time
 */
record BatchOutcome(List<MigratedFile> migrated, List<RejectedFile> refused, List<Long> sendAgain,
                    boolean volumeFull) {

    /**
     * Sorts the files of a batch by the controller's answer.
     *
     * @param sent the file ids of the batch in the order they were sent
     */
    static BatchOutcome of(List<Long> sent, MigrateResult result) {
        Set<Long> answered = new HashSet<>();
        for (MigratedFile file : result.getFilesList()) {
            answered.add(file.getFileId());
        }
        List<RejectedFile> refused = new ArrayList<>();
        for (RejectedFile file : result.getRejectedList()) {
            if (file.getReason() != RejectReason.VOLUME_FULL) {
                refused.add(file);
                answered.add(file.getFileId());
            }
        }
        List<Long> sendAgain = sent.stream().filter(id -> !answered.contains(id)).toList();
        return new BatchOutcome(List.copyOf(result.getFilesList()), List.copyOf(refused), sendAgain,
                result.getVolumeFull());
    }

    /** Whether the batch settled any file (migrated or refused for good). */
    boolean madeProgress() {
        return !migrated.isEmpty() || !refused.isEmpty();
    }
}

package io.tapelib.controller.jobs;

import java.util.List;
import java.util.Optional;

/**
 * A migration batch on tape: data and an index naming it (DESIGN.md section 7). Files of the batch in neither
 * {@code files} nor {@code rejected} were not reached because the volume filled.
 *
 * @param volume     the volume written, with the generation of the index that names the files; empty when no file of
 *                   the batch reached a volume
 * @param files      the files in the order written
 * @param rejected   the files not written, in batch order
 * @param volumeFull the volume reached its end during the batch; the rest of the batch was read and discarded
 */
public record MigrationResult(Optional<VolumeSummary> volume, List<MigratedFile> files, List<RejectedFile> rejected,
                              boolean volumeFull) {
    public MigrationResult {
        files = List.copyOf(files);
        rejected = List.copyOf(rejected);
    }
}

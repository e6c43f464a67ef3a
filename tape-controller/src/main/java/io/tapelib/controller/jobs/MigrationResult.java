package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.AppliedChanges;

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
 * @param changes    the pending metadata changes of the volume written, applied before the batch's files and named
 *                   by its index on tape (those skipped excepted); empty when the batch carried none for it
 */
public record MigrationResult(Optional<VolumeSummary> volume, List<MigratedFile> files, List<RejectedFile> rejected,
                              boolean volumeFull, Optional<AppliedChanges> changes) {
    public MigrationResult {
        files = List.copyOf(files);
        rejected = List.copyOf(rejected);
    }

    /** A batch that carried no pending changes for its volume. */
    public MigrationResult(Optional<VolumeSummary> volume, List<MigratedFile> files, List<RejectedFile> rejected,
                           boolean volumeFull) {
        this(volume, files, rejected, volumeFull, Optional.empty());
    }
}

package io.tapelib.controller.jobs;

import java.util.List;

/**
 * A migration batch on tape: data and an index naming it (DESIGN.md section 7).
 *
 * @param volume the volume written, with the generation of the index that names the files
 * @param files  the files in the order written
 */
public record MigrationResult(VolumeSummary volume, List<MigratedFile> files) {
    public MigrationResult {
        files = List.copyOf(files);
    }
}

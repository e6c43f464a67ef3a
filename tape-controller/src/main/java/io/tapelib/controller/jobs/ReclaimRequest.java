package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.IndexChange;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Reclaim call: files of a source volume to copy to a target the controller chooses.
 *
 * @param sourceVolumeTag the cartridge read (never written)
 * @param files           the files, in any order (they are read in tape order)
 * @param excluded        volume tags never to write to, besides the source
 * @param preferredTarget the caller's choice of target, empty to choose as for a migration
 * @param expected        the caller's view of the source, so that it is read without its index when unchanged
 * @param pendingChanges  metadata changes per volume tag, applied to the target before the copies
 * @param stagingBytes    bound of the staging directory with one drive (RECLAIM_STAGING_BYTES), bytes
 */
public record ReclaimRequest(String sourceVolumeTag, List<ReclaimFile> files, Set<String> excluded,
                             Optional<String> preferredTarget, ExpectedVolume expected,
                             Map<String, List<IndexChange>> pendingChanges, long stagingBytes) {

    /** @throws IllegalArgumentException no file, or a staging bound below 1 byte */
    public ReclaimRequest {
        files = List.copyOf(files);
        excluded = Set.copyOf(excluded);
        pendingChanges = Map.copyOf(pendingChanges);
        preferredTarget = preferredTarget.map(String::strip).filter(t -> !t.isEmpty());
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a reclaim names at least one file");
        }
        if (stagingBytes < 1) {
            throw new IllegalArgumentException("the staging bound must be at least 1 byte, got " + stagingBytes);
        }
    }
}

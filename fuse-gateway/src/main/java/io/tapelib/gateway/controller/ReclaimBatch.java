package io.tapelib.gateway.controller;

import java.util.List;
import java.util.Objects;

/**
 * Files of one volume to copy to another in one Reclaim call (tape_controller.proto, ReclaimRequest): LTFS cannot
 * compact a volume in place, so its live files are written anew elsewhere and the source is formatted afterwards.
 *
 * @param sourceVolumeTag  the volume read (never written)
 * @param files            the entries in the order to write them: directories first, then the rest
 * @param excludeVolumeTags volumes never to write to (others being reclaimed); the source is always excluded
 * @param targetVolumeTag  the preferred target, empty to let the controller choose as for Migrate
 * @param expected         the catalog's view of the source, so that it is read without its index when unchanged
 */
public record ReclaimBatch(String sourceVolumeTag, List<Entry> files, List<String> excludeVolumeTags,
                           String targetVolumeTag, RecallBatch.ExpectedVolume expected) {
    public ReclaimBatch {
        Objects.requireNonNull(sourceVolumeTag, "sourceVolumeTag");
        files = List.copyOf(files);
        excludeVolumeTags = List.copyOf(excludeVolumeTags);
        targetVolumeTag = targetVolumeTag == null ? "" : targetVolumeTag;
        expected = expected == null ? RecallBatch.ExpectedVolume.UNKNOWN : expected;
    }

    /** Bytes of all files of the batch (what the controller reads from the source). */
    public long bytes() {
        return files.stream().mapToLong(entry -> entry.file().length()).sum();
    }

    /**
     * One entry to copy.
     *
     * @param file    what the target's index is to say of it; {@link MigrationSource#data()} is not read (null)
     * @param extents where its bytes lie on the source (empty for every kind but a file, and for an empty file)
     */
    public record Entry(MigrationSource file, List<TapeExtent> extents) {
        public Entry {
            Objects.requireNonNull(file, "file");
            extents = List.copyOf(extents);
        }
    }
}

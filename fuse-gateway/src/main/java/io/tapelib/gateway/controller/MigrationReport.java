package io.tapelib.gateway.controller;

import java.util.List;
import java.util.Optional;

/**
 * What the controller did with one Migrate batch (tape_controller.proto, MigrateResult): files in neither
 * list were not reached.
 *
 * @param volume     the volume written, with its new index generation; empty when the controller took none
 * @param migrated   files on tape with an index naming them
 * @param rejected   files the controller refused, with why
 * @param volumeFull the volume filled during the batch; the controller takes another volume next time
 * @param changesApplied the header's pending changes for {@code volume} are in its index on tape (those in
 *                       {@code changesSkipped} excepted)
 * @param changesSkipped the changes of that list the index could not take, by position in the list
 */
public record MigrationReport(Optional<VolumeSummary> volume, List<Migrated> migrated, List<Rejected> rejected,
                              boolean volumeFull, boolean changesApplied, List<IndexUpdate.Skipped> changesSkipped) {
    public MigrationReport {
        migrated = List.copyOf(migrated);
        rejected = List.copyOf(rejected);
        changesSkipped = List.copyOf(changesSkipped);
    }

    /** A report of a batch whose header carried no pending changes for the volume written. */
    public MigrationReport(Optional<VolumeSummary> volume, List<Migrated> migrated, List<Rejected> rejected,
                           boolean volumeFull) {
        this(volume, migrated, rejected, volumeFull, false, List.of());
    }

    /**
     * One file on tape.
     *
     * @param fileId  the id given in {@link MigrationSource#fileId()}
     * @param path    its path on the volume
     * @param extents where its bytes lie
     * @param sha256  the SHA-256 of the bytes written, lowercase hex
     */
    public record Migrated(long fileId, String path, List<TapeExtent> extents, String sha256) {
        public Migrated {
            extents = List.copyOf(extents);
        }
    }

    /**
     * One file the controller did not write.
     *
     * @param fileId the id given in {@link MigrationSource#fileId()}
     * @param path   its path on the volume
     * @param reason why
     * @param detail the controller's words
     */
    public record Rejected(long fileId, String path, RejectReason reason, String detail) {
    }

    /** Why the controller refused a file. */
    public enum RejectReason {
        /** The volume's index already names the path as something else. */
        PATH_CONFLICT,
        /** Larger than any volume can hold. */
        TOO_LARGE,
        /** The volume filled: the file may go to another volume. */
        VOLUME_FULL,
        /** The file's metadata is not valid for LTFS. */
        INVALID,
        /** A reason this gateway does not know (a newer controller). */
        OTHER
    }
}

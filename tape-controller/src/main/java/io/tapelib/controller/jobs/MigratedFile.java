package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.IndexEntry;

/**
 * One migrated file as it is on tape.
 *
 * @param fileId the caller's identifier
 * @param entry  its index entry (with extents)
 * @param sha256 hex SHA-256 of the bytes written, empty for directories and symlinks
 */
public record MigratedFile(long fileId, IndexEntry entry, String sha256) {
}

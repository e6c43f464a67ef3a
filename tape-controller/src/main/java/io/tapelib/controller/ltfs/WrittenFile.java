package io.tapelib.controller.ltfs;

/**
 * A file written to a volume.
 *
 * @param entry  the file's index entry (extents on the data partition)
 * @param sha256 SHA-256 of the bytes written, lower-case hex (also in the entry's {@code ltfs.hash.sha256sum})
 */
public record WrittenFile(IndexEntry entry, String sha256) {
}

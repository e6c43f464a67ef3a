package io.tapelib.gateway.catalog;

import java.time.Instant;

/**
 * A metadata change made through the mount that a tape's LTFS index does not show yet; written to that
 * tape at its next index write so that a catalog rebuilt from tapes never resurrects a deleted file or an
 * old name (shared/DESIGN.md section 1).
 *
 * @param id        sequence number, in the order the changes were made
 * @param volumeTag the tape whose index must change
 * @param kind      what changed
 * @param path      the path as the tape's index knows it (absolute within the mount)
 * @param newPath   the new path of a rename or the new name of a link, null otherwise
 * @param recorded  when the change was made
 * @param inode     ATTRIBUTES: the inode whose metadata changed (its current metadata is what goes to tape); 0 for
 *                  other kinds and for rows recorded before catalog schema version 4
 */
public record PendingChange(long id, String volumeTag, Kind kind, String path, String newPath, Instant recorded,
                            long inode) {

    /** What changed. LINK: {@code newPath} became a further name (hard link) of the file at {@code path}. */
    public enum Kind {
        DELETE, RENAME, ATTRIBUTES, LINK
    }
}

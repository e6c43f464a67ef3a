package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * What {@link Catalog#importVolume} did with a tape's index.
 *
 * @param entries           index entries read, the volume root not counted
 * @param added             inodes created because no tape nor the cache had the path yet
 * @param copies            entries that matched an existing file (same size, modify time, and sha256 when both
 *                          know it): one file, one more copy
 * @param superseding       entries newer than the file in the merged tree, which now shows this tape's version
 * @param older             entries older than (or differing from a dirty) file in the merged tree; kept as
 *                          non-current copies for the per-tape view
 * @param conflicts         entries skipped: a file where the tree has a directory or the reverse, or a
 *                          malformed path; each is named in {@code conflictPaths}
 * @param removed           inodes removed because a re-imported tape no longer holds them and nothing else does
 * @param contentChanged    inodes whose current content changed: their cached objects are stale and must be
 *                          evicted by the caller
 * @param conflictPaths     the skipped paths with the reason (bounded to the first 100)
 */
public record ImportSummary(long entries, long added, long copies, long superseding, long older, long conflicts,
                            long removed, List<Long> contentChanged, List<String> conflictPaths) {
}

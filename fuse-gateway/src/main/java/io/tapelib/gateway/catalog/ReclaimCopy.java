package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * One entry a Reclaim call put on the target: what was sent and where it landed.
 *
 * @param sent       the entry as the batch was built from the catalog (a directory sent as an ancestor included)
 * @param extents    its extents on the target
 * @param sha256     the SHA-256 of the bytes written on the target, lowercase hex (empty for no data)
 */
public record ReclaimCopy(LiveEntry sent, List<ExtentRecord> extents, String sha256) {
    public ReclaimCopy {
        extents = List.copyOf(extents);
    }
}

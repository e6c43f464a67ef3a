package io.tapelib.gateway.tiering;

import java.util.List;

/**
 * What a bulk recall ({@code POST /api/v1/recall}) did with its paths.
 *
 * @param queued   files newly queued for recall
 * @param joined   files already being recalled or waiting: their request counts for this call too
 * @param cached   files whose content is in the cache already (or empty): nothing to recall
 * @param rejected paths not queued, each with the reason
 */
public record BulkRecallResult(int queued, int joined, int cached, List<Rejected> rejected) {
    public BulkRecallResult {
        rejected = List.copyOf(rejected);
    }

    /** A path that was not queued: missing, not a regular file, lost, on no tape, or the queue was full. */
    public record Rejected(String path, String reason) {
    }
}

package io.tapelib.gateway.catalog;

import java.time.Instant;

/**
 * Which audit records to read ({@code GET /api/v1/audit}), oldest first.
 *
 * @param path    null for every path; a path ending in "/" for every record of a path below it (the directory's own
 *                records are not included); otherwise records of exactly that path
 * @param since   first time included; null for no bound
 * @param until   first time excluded; null for no bound
 * @param afterId only records with a larger id (the cursor: the last id of the previous page); 0 from the start
 * @param limit   most records returned, at least 1
 */
public record AuditQuery(String path, Instant since, Instant until, long afterId, int limit) {
    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative, was " + afterId);
        }
    }
}

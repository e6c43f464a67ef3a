package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.AuditQuery;
import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.catalog.AuditTable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/v1/audit} (docs/operator-api.md): the audit log, oldest first, in pages. Every parameter is
 * optional; a malformed one is answered 400 naming it ({@link InvalidFieldException}).
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    /** Records in a page when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 1_000;
    /** Most records in a page. */
    static final int MAX_LIMIT = 10_000;
    /** Longest path, bytes of UTF-8 (docs/operator-api.md, "Bounds"; Linux PATH_MAX). */
    static final int MAX_PATH_BYTES = 4096;

    private final AuditTable table;

    public AuditResource(AuditTable table) {
        this.table = table;
    }

    /**
     * One page of audit records.
     *
     * @param path   absolute path: records of exactly that path (its {@code path}; a rename is found under its
     *               source); ending in "/": records of every path below that directory
     * @param since  ISO-8601 instant, first time included
     * @param until  ISO-8601 instant, first time excluded
     * @param cursor the previous page's {@code nextCursor} (the id of its last record)
     * @param limit  records in the page, 1..10,000 (default 1,000)
     * @return {@code {"records": [...], "nextCursor": "..." or null}}; nextCursor is null on the last page
     * @throws InvalidFieldException (400) naming {@code path}, {@code since}, {@code until}, {@code cursor} or
     *                               {@code limit} when it is malformed or out of range
     */
    @GET
    public AuditPage records(@QueryParam("path") String path, @QueryParam("since") String since,
                             @QueryParam("until") String until, @QueryParam("cursor") String cursor,
                             @QueryParam("limit") String limit) {
        AuditQuery query = query(path, since, until, cursor, limit);
        // one more than asked: whether there is a next page
        List<AuditRecord> found = table.find(new AuditQuery(query.path(), query.since(), query.until(),
                query.afterId(), query.limit() + 1));
        if (found.size() <= query.limit()) {
            return new AuditPage(found, null);
        }
        List<AuditRecord> page = found.subList(0, query.limit());
        return new AuditPage(List.copyOf(page), Long.toString(page.get(page.size() - 1).id()));
    }

    /** The query the parameters ask for. @throws InvalidFieldException naming the malformed parameter */
    static AuditQuery query(String path, String since, String until, String cursor, String limit) {
        String checkedPath = emptyToNull(path);
        if (checkedPath != null) {
            if (!checkedPath.startsWith("/")) {
                throw new InvalidFieldException("path", "path must be absolute (start with \"/\"), was "
                        + InvalidFieldException.echo(checkedPath));
            }
            if (checkedPath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
                throw new InvalidFieldException("path", "path must be at most " + MAX_PATH_BYTES + " bytes");
            }
        }
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidFieldException("until", "until must not be before since");
        }
        return new AuditQuery(checkedPath, from, to, cursor(cursor), limit(limit));
    }

    private static Instant instant(String field, String value) {
        String text = emptyToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, field + " must be an ISO-8601 instant such as"
                    + " 2026-12-05T09:00:00Z, was " + InvalidFieldException.echo(text));
        }
    }

    private static long cursor(String value) {
        String text = emptyToNull(value);
        if (text == null) {
            return 0;
        }
        try {
            long id = Long.parseLong(text);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidFieldException("cursor", "cursor must be a nextCursor this endpoint returned, was "
                + InvalidFieldException.echo(text));
    }

    private static int limit(String value) {
        String text = emptyToNull(value);
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidFieldException("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", was "
                + InvalidFieldException.echo(text));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * One page of {@code GET /api/v1/audit}.
     *
     * @param records    oldest first
     * @param nextCursor the cursor of the next page; null when this is the last
     */
    public record AuditPage(List<AuditRecord> records, String nextCursor) {
    }
}

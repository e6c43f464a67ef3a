package io.tapelib.gateway.api;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The gateway's status (shared/DESIGN.md section 1): cache use, files waiting for migration, lost files. */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    /** The latest time the catalog stores (nanoseconds since the epoch in a signed 64-bit integer). */
    private static final Instant LATEST_STORABLE = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private final CacheStore cache;
    private final Catalog catalog;

    public StatusResource(CacheStore cache, Catalog catalog) {
        this.cache = cache;
        this.catalog = catalog;
    }

    /**
     * The gateway's status as JSON.
     *
     * @param cacheUsedBytes bytes the cache holds (complete, dirty and reserved for recalls)
     * @param cacheMaxBytes  CACHE_MAX_BYTES
     * @param dirtyFiles     files changed through the mount and not yet on tape (lost ones included)
     * @param lostFiles      paths of dirty files whose content is gone from the cache (state {@code lost})
     */
    public record GatewayStatus(long cacheUsedBytes, long cacheMaxBytes, int dirtyFiles, List<String> lostFiles) {
    }

    /** {@code GET /api/v1/status}: 200 with the status; never fails while the gateway runs. */
    @GET
    public GatewayStatus status() {
        List<String> lost = cache.lostInodes().stream()
                .map(inode -> catalog.pathOf(inode).orElse("inode " + inode)).sorted().toList();
        return new GatewayStatus(cache.usedBytes(), cache.maxBytes(), catalog.dirtyFiles(LATEST_STORABLE).size(), lost);
    }
}

package io.tapelib.gateway.api;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.tiering.CatalogRebuild;
import io.tapelib.gateway.tiering.ImportRequest;
import io.tapelib.gateway.tiering.ImportRequests;
import io.tapelib.gateway.tiering.RebuildProgress;
import io.tapelib.gateway.tiering.RecallService;
import io.tapelib.gateway.tiering.RecallStatus;
import io.tapelib.gateway.tiering.ReclaimService;
import io.tapelib.gateway.tiering.ReclaimStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * The gateway's status (shared/DESIGN.md section 1): cache use, files waiting for migration, lost files, and the
 * progress of a re-index of every cartridge, and the recalls waiting and running.
 */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    /** The latest time the catalog stores (nanoseconds since the epoch in a signed 64-bit integer). */
    private static final Instant LATEST_STORABLE = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private final CacheStore cache;
    private final Catalog catalog;
    private final CatalogRebuild rebuild;
    private final RecallService recalls;
    private final ImportRequests imports;
    private final ReclaimService reclaims;

    public StatusResource(CacheStore cache, Catalog catalog, CatalogRebuild rebuild, RecallService recalls,
                          ImportRequests imports, ReclaimService reclaims) {
        this.imports = imports;
        this.reclaims = reclaims;
        this.cache = cache;
        this.catalog = catalog;
        this.rebuild = rebuild;
        this.recalls = recalls;
    }

    /**
     * The gateway's status as JSON.
     *
     * @param cacheUsedBytes bytes the cache holds (complete, dirty and reserved for recalls)
     * @param cacheMaxBytes  CACHE_MAX_BYTES
     * @param dirtyFiles     files changed through the mount and not yet on tape (lost ones included)
     * @param lostFiles      paths of dirty files whose content is gone from the cache (state {@code lost})
     * @param rebuild        the running re-index of every cartridge ({@code POST /api/v1/rebuild}), or the last
     *                       one's result; null when none ran since start-up
     * @param recalls        files waiting for recall, and the cartridges being read now with their batch's files
     * @param importRequests shelved cartridges that recalls wait for, oldest first
     * @param reclaims       cartridges being reclaimed: the running one's progress first, then those waiting
     */
    public record GatewayStatus(long cacheUsedBytes, long cacheMaxBytes, int dirtyFiles, List<String> lostFiles,
                                RebuildProgress rebuild, RecallStatus recalls, List<ImportRequest> importRequests,
                                List<ReclaimStatus> reclaims) {
    }

    /** {@code GET /api/v1/status}: 200 with the status; never fails while the gateway runs. */
    @GET
    public GatewayStatus status() {
        List<String> lost = cache.lostInodes().stream()
                .map(inode -> catalog.pathOf(inode).orElse("inode " + inode)).sorted().toList();
        return new GatewayStatus(cache.usedBytes(), cache.maxBytes(), catalog.dirtyFiles(LATEST_STORABLE).size(), lost,
                rebuild.progress().orElse(null), recalls.status(), imports.status(), reclaims.status());
    }
}

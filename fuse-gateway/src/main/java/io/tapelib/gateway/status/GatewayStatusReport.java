package io.tapelib.gateway.status;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.tiering.CatalogRebuild;
import io.tapelib.gateway.tiering.ImportRequests;
import io.tapelib.gateway.tiering.RecallService;
import io.tapelib.gateway.tiering.ReclaimService;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Assembles the gateway's {@link GatewayStatus} from the cache, the catalog and the running services. */
@Singleton
public class GatewayStatusReport {
    /** The latest time the catalog stores (nanoseconds since the epoch in a signed 64-bit integer). */
    private static final Instant LATEST_STORABLE = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private final CacheStore cache;
    private final Catalog catalog;
    private final CatalogRebuild rebuild;
    private final RecallService recalls;
    private final ImportRequests imports;
    private final ReclaimService reclaims;

    public GatewayStatusReport(CacheStore cache, Catalog catalog, CatalogRebuild rebuild, RecallService recalls,
                               ImportRequests imports, ReclaimService reclaims) {
        this.cache = cache;
        this.catalog = catalog;
        this.rebuild = rebuild;
        this.recalls = recalls;
        this.imports = imports;
        this.reclaims = reclaims;
    }

    /** The status now; never fails while the gateway runs (a catalog failure is a CatalogException). */
    public GatewayStatus current() {
        List<String> lost = cache.lostInodes().stream()
                .map(inode -> catalog.pathOf(inode).orElse("inode " + inode)).sorted().toList();
        return new GatewayStatus(cache.usedBytes(), cache.maxBytes(), catalog.dirtyFiles(LATEST_STORABLE).size(), lost,
                rebuild.progress().orElse(null), recalls.status(), imports.status(), reclaims.status());
    }
}

package io.tapelib.gateway.status;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.namespace.CatalogNamespace;
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
    /** Lost files whose paths the status lists, at most (their count is always given). */
    public static final int LOST_LISTED = 1_000;
    /** The latest time the catalog stores (nanoseconds since the epoch in a signed 64-bit integer). */
    private static final Instant LATEST_STORABLE = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private final CacheStore cache;
    private final Catalog catalog;
    private final CatalogRebuild rebuild;
    private final RecallService recalls;
    private final ImportRequests imports;
    private final ReclaimService reclaims;
    private final ControllerReach controller;
    private final CatalogNamespace mount;

    /** @param mount whose writes the catalog does not show yet are recorded before each status (its dirty bytes) */
    public GatewayStatusReport(CacheStore cache, Catalog catalog, CatalogRebuild rebuild, RecallService recalls,
                               ImportRequests imports, ReclaimService reclaims, ControllerReach controller,
                               CatalogNamespace mount) {
        this.controller = controller;
        this.mount = mount;
        this.cache = cache;
        this.catalog = catalog;
        this.rebuild = rebuild;
        this.recalls = recalls;
        this.imports = imports;
        this.reclaims = reclaims;
    }

    /** The status now; never fails while the gateway runs (a catalog failure is a CatalogException). */
    public GatewayStatus current() {
        List<Long> lostInodes = cache.lostInodes();
        List<String> lost = lostInodes.stream().sorted().limit(LOST_LISTED)
                .map(inode -> catalog.pathOf(inode).orElse("inode " + inode)).sorted().toList();
        mount.recordWrites();   // dirty bytes as the mount shows the files (a close leaves its size to the commit)
        List<Inode> dirty = catalog.copies().dirtyFiles(LATEST_STORABLE);
        long dirtyBytes = dirty.stream().filter(inode -> !inode.isDirectory()).mapToLong(Inode::size).sum();
        return new GatewayStatus(cache.usedBytes(), cache.maxBytes(), dirty.size(), dirtyBytes, lostInodes.size(),
                lost, controller.reachable(), rebuild.progress().orElse(null), recalls.status(), imports.status(),
                reclaims.status());
    }
}

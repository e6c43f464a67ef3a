package io.tapelib.gateway.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogRecovery;
import io.tapelib.gateway.fs.MountManager;
import io.tapelib.gateway.namespace.CacheReconciliation;
import io.tapelib.gateway.namespace.Committer;
import io.tapelib.gateway.namespace.DirtyPlacement;
import io.tapelib.gateway.tiering.MetadataSync;
import io.tapelib.gateway.tiering.RecallService;
import io.tapelib.gateway.tiering.ReclaimService;
import io.tapelib.gateway.tiering.StartupIndexer;
import io.tapelib.gateway.tiering.VolumeWatcher;
import io.tapelib.gateway.tiering.WriteBack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The gateway's start-up and shutdown order (shared/DESIGN.md section 2): reconcile the cache with the
 * catalog, catalog new cartridges from their indexes, place dirty entries the catalog did not name back at their
 * paths, mount, then serve recalls and migrations. Start-up runs on a thread of its own so the
 * health endpoint answers (not ready) meanwhile; ready means mounted and answering.
 */
@ApplicationScoped
public class GatewayLifecycle {
    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

    private final StartupIndexer indexer;
    private final MountManager mount;
    private final RecallService recalls;
    private final WriteBack writeBack;
    private final VolumeWatcher volumes;
    private final MetadataSync metadataSync;
    private final CacheStore cache;
    private final CacheReconciliation reconciliation;
    private final DirtyPlacement placement;
    private final Committer committer;
    private final ReclaimService reclaims;
    private final boolean restored;
    private final AtomicReference<String> failure = new AtomicReference<>();

    /** Wires the start-up order; nothing starts before Quarkus' StartupEvent. */
    public GatewayLifecycle(StartupIndexer indexer, MountManager mount, RecallService recalls, WriteBack writeBack,
                            VolumeWatcher volumes, MetadataSync metadataSync, CacheStore cache, Catalog catalog,
                            Clock clock, CatalogRecovery.Outcome checked, Committer committer, ReclaimService reclaims) {
        this.reclaims = reclaims;
        this.committer = committer;
        this.volumes = volumes;
        this.restored = checked == CatalogRecovery.Outcome.RESTORED;
        this.indexer = indexer;
        this.mount = mount;
        this.recalls = recalls;
        this.writeBack = writeBack;
        this.metadataSync = metadataSync;
        this.cache = cache;
        this.reconciliation = new CacheReconciliation(catalog, cache, clock);
        this.placement = new DirtyPlacement(catalog, cache, clock);
    }

    void onStart(@Observes StartupEvent event) {
        Thread starter = new Thread(this::start, "gateway-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start() {
        try {
            // A crash may have left the cache and the catalog disagreeing; settle that before anything reads either.
            LOG.infof("Cache reconciled with the catalog: %s", reconciliation.reconcile());
            recalls.start();
            // A catalog restored from a backup may predate index writes: those cartridges are indexed again.
            indexer.indexCartridges(stale -> stale.forEach(cache::evict), restored);
            // Dirty entries a lost or older catalog did not name come back at their paths, over the tapes' entries.
            placement.place();
            mount.mount();
            committer.start();
            writeBack.start();
            volumes.start();
            metadataSync.start();
            reclaims.start();
            LOG.infof("The tape library is mounted at %s", mount.mountPoint());
        } catch (RuntimeException e) {
            failure.set(e.getMessage());
            LOG.errorf(e, "The gateway could not start: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        reclaims.stop();
        volumes.stop();
        writeBack.stop();
        metadataSync.stop();
        try {
            mount.unmount();
            // after the mount is gone, so the last commit covers every write (DESIGN section 7: durable at unmount)
            committer.stop();
        } finally {
            recalls.stop();
        }
    }

    /** Why start-up failed, if it did. */
    public String failure() {
        return failure.get();
    }

    /** Whether the library is mounted now (the readiness check's answer). */
    public boolean mounted() {
        return mount.isMounted();
    }
}

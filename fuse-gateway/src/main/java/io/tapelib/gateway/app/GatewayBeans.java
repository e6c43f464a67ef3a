package io.tapelib.gateway.app;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.AuditTable;
import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogBackups;
import io.tapelib.gateway.catalog.CatalogRecovery;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.control.ControlTree;
import io.tapelib.gateway.status.GatewayStatusReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.fs.MountManager;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.Committer;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.NamespaceConfig;
import io.tapelib.gateway.namespace.PendingWrites;
import io.tapelib.gateway.tiering.RecallService;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.tapelib.gateway.jobs.GatewayJobs;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.gateway.audit.AuditLog;
import io.tapelib.gateway.audit.AuditWriter;
import io.tapelib.gateway.audit.AuditedNamespace;
import io.tapelib.gateway.audit.AuditedController;
import io.tapelib.gateway.controller.ControllerClient;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.audit.ProcessNames;
import io.tapelib.gateway.fs.FuseApi;
import io.tapelib.gateway.fs.FuseCallers;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Creates the gateway's long-lived parts once, from the configuration, and closes them at shutdown. */
public class GatewayBeans {
    /** Longest name at the mount, bytes of UTF-8 (LTFS Format Specification 2.4 and Linux NAME_MAX). */
    static final int MAX_NAME_BYTES = 255;
    /** How long mounting (clearing a stale mount included) may take before start-up fails. */
    static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);
    /** How long shutdown waits for a catalog backup in progress (a backup of a large catalog takes seconds). */
    static final Duration BACKUP_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    GatewayJobs gatewayJobs(Clock clock) {
        return new GatewayJobs(clock);
    }

    @Produces
    @Singleton
    CatalogBackups catalogBackups(GatewayConfig config, Clock clock) {
        return new CatalogBackups(config.catalogBackupDir()
                .orElseGet(() -> config.catalogDb().toAbsolutePath().resolveSibling("backup")), clock);
    }

    /** The start-up check of the catalog file, run (and a damaged catalog restored) before the catalog opens. */
    @Produces
    @Singleton
    CatalogRecovery.Outcome catalogCheck(GatewayConfig config, CatalogBackups backups, Clock clock) {
        try {
            Files.createDirectories(config.catalogDb().toAbsolutePath().getParent());
            return new CatalogRecovery(config.catalogDb(), backups, clock).ensureUsable();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check or restore the catalog " + config.catalogDb(), e);
        }
    }

    @Produces
    @Singleton
    Catalog catalog(GatewayConfig config, Clock clock, CatalogRecovery.Outcome checked) {
        return Catalog.open(config.catalogDb(), clock);
    }

    @Produces
    @Singleton
    BackupRequests backupRequests(Catalog catalog, CatalogBackups backups) {
        return new BackupRequests(catalog, backups, BACKUP_CLOSE_TIMEOUT);
    }

    void closeBackups(@Disposes BackupRequests backups) {
        backups.close();
    }

    void closeCatalog(@Disposes Catalog catalog) {
        catalog.close();
    }

    /** Writes at the mount that the catalog does not show yet (their sizes and times wait for flush or the commit). */
    @Produces
    @Singleton
    PendingWrites pendingWrites() {
        return new PendingWrites();
    }

    @Produces
    @Singleton
    CacheStore cache(GatewayConfig config, Catalog catalog, PendingWrites pending) {
        // The cache belongs to this catalog: objects are named by its inode ids, and which are dirty is its word,
        // or the mount's while it holds writes the catalog has not taken yet.
        return new CacheStore(config.cacheDir(), config.cacheMaxBytes(), catalog.identity(),
                inode -> pending.has(inode) || catalog.get(inode).map(Inode::isDirty).orElse(false),
                config.cacheWaitTimeout());
    }

    void closeCache(@Disposes CacheStore cache) {
        cache.close();
    }

    /**
     * The merged tree over the catalog and the cache; only as itself (the {@link Namespace} the mount shows is
     * {@link #mountNamespace}, which lays the control directory over it).
     */
    @Produces
    @Singleton
    @Typed(CatalogNamespace.class)
    CatalogNamespace catalogNamespace(Catalog catalog, CacheStore cache, RecallService recalls, Clock clock,
                                      GatewayConfig config, PendingWrites pending) {
        return new CatalogNamespace(catalog, cache, recalls, clock, new NamespaceConfig(config.recallTimeout(),
                MAX_NAME_BYTES, config.durability() == GatewayConfig.Durability.CLOSE), pending);
    }

    /** DURABILITY's periodic commit (every COMMIT_INTERVAL), started after the mount and stopped after unmount. */
    @Produces
    @Singleton
    Committer committer(CatalogNamespace namespace, GatewayConfig config) {
        return new Committer(namespace::commit, config.commitInterval());
    }

    @Produces
    @Singleton
    MountManager mountManager(Namespace namespace, Catalog catalog, GatewayConfig config) {
        return new MountManager(namespace, id -> namesOf(catalog, id), config.mountPoint(), MOUNT_TIMEOUT,
                FuseApi.of(config.fuse().api()));
    }

    /**
     * The audit log's own database beside the catalog (issue 14), with AUDIT=off too: the API still answers from it
     * and retention still purges it. Closed after AuditShutdown wrote what was queued.
     */
    @Produces
    @Singleton
    AuditTable auditTable(Catalog catalog) {
        return AuditTable.openBesideCatalog(catalog);
    }

    void closeAuditTable(@Disposes AuditTable table) {
        table.close();
    }

    /** The audit log's writer (issue 14); with AUDIT=off a log that keeps nothing. */
    @Produces
    @Singleton
    AuditLog auditLog(GatewayConfig config, AuditTable table, MeterRegistry registry) {
        return config.audit() == GatewayConfig.Audit.OFF ? AuditLog.OFF
                : new AuditWriter(table, registry, AuditWriter.Settings.DEFAULT);
    }

    /**
     * The tree the mount shows (the {@link Namespace} bean): the merged tree with the read-only control directory
     * {@code /.tapelib} laid over it (issue 14: the status as REST shows it, lost files, the recall queue, each
     * cartridge's own tree), and every change at the mount audited, refused ones too (with AUDIT=off not audited,
     * so the mount pays nothing for it).
     */
    @Produces
    @Singleton
    Namespace mountNamespace(CatalogNamespace tree, Catalog catalog, GatewayStatusReport status, RecallService recalls,
                             ObjectMapper json, Clock clock, GatewayConfig config, AuditLog audit) {
        Namespace shown = new ControlTree(tree, catalog, status::current, recalls::queued, json, clock);
        return config.audit() == GatewayConfig.Audit.OFF ? shown
                : new AuditedNamespace(shown, audit, new FuseCallers(FuseApi.of(config.fuse().api())),
                        new ProcessNames(), clock);
    }

    /**
     * The controller port with the gateway's own work on tapes audited (migrations, recalls, exports and imports seen in
     * the library); with AUDIT=off the plain gRPC client.
     */
    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    TapeController auditedController(ControllerClient client, GatewayConfig config, AuditLog audit, Catalog catalog,
                                     Clock clock) {
        return config.audit() == GatewayConfig.Audit.OFF ? client : new AuditedController(client, audit,
                inode -> catalog.pathOf(inode).orElse("inode " + inode), clock);
    }

    /** Every name of an inode: its own path, then its further names (hard links); none when it is gone. */
    private static List<String> namesOf(Catalog catalog, long inode) {
        List<String> names = new ArrayList<>();
        catalog.pathOf(inode).ifPresent(names::add);
        names.addAll(catalog.furtherPaths(inode));
        return names;
    }
}

package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerClient;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.namespace.FileKind;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Migrates dirty files to tape once they have not changed for the write delay (shared/DESIGN.md
 * section 1), in batches the controller writes to one tape followed by an index. A file is clean only
 * after the controller confirmed data and index (section 7) and only if it did not change meanwhile;
 * otherwise it stays dirty and goes in a later batch. A controller that is away leaves files dirty and
 * is tried again on the next round.
 */
@ApplicationScoped
public class WriteBack {
    private static final Logger LOG = Logger.getLogger(WriteBack.class);
    /** Most bytes migrated in one batch: bounds how long one Migrate call holds a drive. */
    static final long BATCH_BYTES = 8L * 1024 * 1024 * 1024;

    private final Catalog catalog;
    private final CacheStore cache;
    private final ControllerClient controller;
    private final GatewayConfig config;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public WriteBack(Catalog catalog, CacheStore cache, ControllerClient controller, GatewayConfig config, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.controller = controller;
        this.config = config;
        this.clock = clock;
    }

    /** Starts the periodic look for files whose write delay has passed (one thread). */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "write-back");
                thread.setDaemon(true);
                return thread;
            });
            long period = config.writeBackInterval().toMillis();
            timer.scheduleWithFixedDelay(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void runQuietly() {
        try {
            migrateDueFiles();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("Write-back waits for the controller: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Write-back round failed; the files stay dirty and are tried again");
        }
    }

    /**
     * Migrates every file whose last change is older than the write delay, batch by batch.
     *
     * @return the number of files made clean
     * @throws ControllerUnavailableException when the controller is away or refuses a batch
     */
    public int migrateDueFiles() {
        List<Inode> due = catalog.dirtyFiles(clock.instant().minus(config.writeDelay()));
        int cleaned = 0;
        List<Inode> batch = new ArrayList<>();
        long bytes = 0;
        for (Inode inode : due) {
            if (!batch.isEmpty() && bytes + inode.size() > BATCH_BYTES) {
                cleaned += migrate(batch);
                batch.clear();
                bytes = 0;
            }
            batch.add(inode);
            bytes += inode.size();
        }
        if (!batch.isEmpty()) {
            cleaned += migrate(batch);
        }
        return cleaned;
    }

    private int migrate(List<Inode> batch) {
        Map<Long, Inode> seen = new HashMap<>();
        List<MigrationSource> sources = new ArrayList<>();
        for (Inode inode : batch) {
            Optional<String> path = catalog.pathOf(inode.id());
            if (path.isEmpty()) {
                continue;
            }
            seen.put(inode.id(), inode);
            sources.add(new MigrationSource(fileStart(inode, path.get()),
                    inode.kind() == FileKind.SYMLINK ? null : cache.objectPath(inode.id())));
        }
        if (sources.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        MigrateResult result = controller.migrate("", sources);
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = sources.stream().mapToLong(source -> source.start().getLength()).sum();
        String volumeTag = result.getVolume().getVolumeTag();
        catalog.upsertVolume(IndexEntries.volume(result.getVolume(), clock.instant()));
        int cleaned = 0;
        for (MigratedFile file : result.getFilesList()) {
            Inode before = seen.get(file.getFileId());
            if (before != null && catalog.recordMigration(before.id(), before.changeCounter(), volumeTag,
                    file.getExtentsList().stream().map(IndexEntries::extent).toList(), file.getSha256())) {
                cache.markClean(before.id());
                cleaned++;
            }
        }
        LOG.infof("Migrated %d of %d files (%d bytes in %.1f s, %.1f MB/s) to %s, index generation %d", cleaned,
                sources.size(), bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), volumeTag,
                result.getVolume().getGeneration());
        return cleaned;
    }

    private static FileStart fileStart(Inode inode, String path) {
        FileStart.Builder start = FileStart.newBuilder()
                .setFileId(inode.id())
                .setPath(path.startsWith("/") ? path.substring(1) : path)
                .setKind(inode.kind() == FileKind.SYMLINK ? EntryKind.SYMLINK : EntryKind.FILE)
                .setLength(inode.kind() == FileKind.SYMLINK ? 0 : inode.size())
                .setMode(inode.mode())
                .setUid(inode.uid())
                .setGid(inode.gid())
                .setModifyTime(IndexEntries.timestamp(inode.mtime()))
                .setChangeTime(IndexEntries.timestamp(inode.ctime()))
                .setAccessTime(IndexEntries.timestamp(inode.atime()))
                .setCreationTime(IndexEntries.timestamp(inode.crtime()));
        if (inode.symlinkTarget() != null) {
            start.setSymlinkTarget(inode.symlinkTarget());
        }
        return start.build();
    }
}

package io.tapelib.gateway.audit;

import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.controller.IndexSink;
import io.tapelib.gateway.controller.ControllerEvent;
import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.IndexUpdate;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.RecallEvent;
import io.tapelib.gateway.controller.ReclaimBatch;
import io.tapelib.gateway.controller.ReclaimProgress;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeChanges;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A {@link TapeController} that records the gateway's own work with tapes in the audit log (issue 14), caller
 * {@code "gateway"}: each file (not directory) a migration wrote or the controller refused; each file a recall
 * delivered or did not; each cartridge the library shows exported or imported (compared inventory to inventory,
 * {@link LibraryMoves}). Results and errors are the wrapped controller's.
 */
public final class AuditedController implements TapeController {
    /** The {@code caller} of the gateway's own work. */
    static final String GATEWAY = "gateway";
    /** Longest controller message kept in a record's detail. */
    private static final int DETAIL_LIMIT = 200;

    private final TapeController inner;
    private final AuditLog log;
    private final LongFunction<String> paths;
    private final Clock clock;
    private final LibraryMoves moves = new LibraryMoves();

    /**
     * @param inner the controller port
     * @param log   where records go
     * @param paths the path at the mount of a file id (an inode), for recalls (whose batches name ids only)
     * @param clock the records' times
     */
    public AuditedController(TapeController inner, AuditLog log, LongFunction<String> paths, Clock clock) {
        this.inner = inner;
        this.log = log;
        this.paths = paths;
        this.clock = clock;
    }

    @Override
    public boolean awaitConnection(Duration timeout) {
        return inner.awaitConnection(timeout);
    }

    @Override
    public LibraryInventory library() {
        LibraryInventory library = inner.library();
        recordMoves(library);
        return library;
    }

    @Override
    public void readIndex(String volumeTag, IndexSink sink) {
        inner.readIndex(volumeTag, sink);
    }

    @Override
    public void recall(RecallBatch batch, Consumer<RecallEvent> events) {
        // events may arrive on the transport's threads
        Set<Long> done = ConcurrentHashMap.newKeySet();
        try {
            inner.recall(batch, event -> {
                events.accept(event);
                if (event instanceof RecallEvent.FileDone) {
                    done.add(event.fileId());
                    record("recall", paths.apply(event.fileId()), null, AuditRecord.OK, "from " + batch.volumeTag());
                }
            });
        } catch (RuntimeException e) {
            for (RecallBatch.File file : batch.files()) {
                if (!done.contains(file.fileId())) {
                    record("recall", paths.apply(file.fileId()), null, Errno.EIO.name(),
                            "from " + batch.volumeTag() + ": " + cut(e.getMessage()));
                }
            }
            throw e;
        }
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files) {
        return migrate(preferredVolumeTag, files, List.of());
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending) {
        return recordMigration(files, () -> inner.migrate(preferredVolumeTag, files, pending));
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending,
                                   Set<String> excludeVolumeTags) {
        return recordMigration(files, () -> inner.migrate(preferredVolumeTag, files, pending, excludeVolumeTags));
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending,
                                   Set<String> excludeVolumeTags, LongConsumer sentBytes) {
        return recordMigration(files,
                () -> inner.migrate(preferredVolumeTag, files, pending, excludeVolumeTags, sentBytes));
    }

    @Override
    public MigrationReport reclaim(ReclaimBatch batch, Consumer<ReclaimProgress> progress) {
        return inner.reclaim(batch, progress);
    }

    @Override
    public void format(String volumeTag, boolean erase, String expectedUuid) {
        inner.format(volumeTag, erase, expectedUuid);
    }

    @Override
    public void watchMountedVolumes(Consumer<VolumeSummary> mounted) {
        inner.watchMountedVolumes(mounted);
    }

    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library) {
        inner.watchEvents(mounted, inventory -> {
            recordMoves(inventory);
            library.accept(inventory);
        });
    }

    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library,
                            Consumer<ControllerEvent> operator) {
        inner.watchEvents(mounted, inventory -> {
            recordMoves(inventory);
            library.accept(inventory);
        }, operator);
    }

    @Override
    public IndexUpdate updateIndex(String volumeTag, List<IndexChange> changes) {
        return inner.updateIndex(volumeTag, changes);
    }

    private MigrationReport recordMigration(List<MigrationSource> files,
                                            Supplier<MigrationReport> call) {
        MigrationReport report;
        try {
            report = call.get();
        } catch (RuntimeException e) {
            for (MigrationSource file : files) {
                if (file.kind() != FileKind.DIRECTORY) {
                    record("migrate", "/" + file.path(), null, Errno.EIO.name(), cut(e.getMessage()));
                }
            }
            throw e;
        }
        Set<Long> directories = new HashSet<>();
        for (MigrationSource file : files) {
            if (file.kind() == FileKind.DIRECTORY) {
                directories.add(file.fileId());
            }
        }
        String volume = report.volume().map(VolumeSummary::volumeTag).orElse("?");
        for (MigrationReport.Migrated file : report.migrated()) {
            if (!directories.contains(file.fileId())) {
                record("migrate", "/" + file.path(), null, AuditRecord.OK, "to " + volume);
            }
        }
        for (MigrationReport.Rejected file : report.rejected()) {
            if (!directories.contains(file.fileId())) {
                record("migrate", "/" + file.path(), null, errno(file.reason()).name(),
                        file.reason() + ": " + cut(file.detail()));
            }
        }
        return report;
    }

    private void recordMoves(LibraryInventory library) {
        for (LibraryMoves.Move move : moves.update(library)) {
            record(move.exported() ? "export" : "import", null, null, AuditRecord.OK, move.detail());
        }
    }

    private void record(String action, String path, String newPath, String outcome, String detail) {
        log.record(new AuditRecord(0, clock.instant(), action, path, newPath, null, null, null, GATEWAY, outcome,
                detail));
    }

    /** The errno closest to why the controller refused a file. */
    private static Errno errno(MigrationReport.RejectReason reason) {
        return switch (reason) {
            case PATH_CONFLICT -> Errno.EEXIST;
            case TOO_LARGE -> Errno.EFBIG;
            case VOLUME_FULL -> Errno.ENOSPC;
            case INVALID -> Errno.EINVAL;
            case OTHER -> Errno.EIO;
        };
    }

    private static String cut(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= DETAIL_LIMIT ? message : message.substring(0, DETAIL_LIMIT) + "...";
    }
}

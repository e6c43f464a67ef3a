package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.TapeSettings;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.ltfs.Consistency;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.VolumeKind;
import io.quarkus.runtime.ShutdownEvent;
import io.tapelib.controller.config.ControllerTimeouts;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs all work on tapes: one single-thread executor per drive (so a drive does one thing at a time, in order),
 * one lock for the robot (one move at a time), and the choice of drive for a volume tag: the drive that holds
 * it, else an empty drive, else the least recently used idle drive, whose volume is unmounted and unloaded.
 * Each drive keeps its LTFS volume mounted until the cartridge leaves it.
 *
 * <p>This bean is the facade of the jobs package; the work is done by plain collaborators it constructs:
 * {@link DriveQueues} (the per-drive executors and the choice of drive), {@link Robot} (the robot lock and its rules),
 * {@link DriveCartridges} (a drive's loads and unloads), {@link DriveVolume} (the loaded volume), {@link KnownVolumes},
 * {@link MigrationTargets} and {@link MigrationBatchWriter} (migration), {@link RecallOrder}, {@link Coordinators} and
 * {@link DriveShutdown}.
 *
 * <p>Every public operation returns a future that fails with: {@link VolumeNotFoundException} (unknown volume
 * tag), {@link io.tapelib.controller.changer.UnknownElementException} (no such drive or slot),
 * {@link io.tapelib.controller.changer.DestinationFullException} (drive already loaded), {@link CleaningCartridgeException} (a cleaning cartridge was asked for data work),
 * {@link UnsupportedVolumeException}, {@link TapeFullException}, {@link IllegalArgumentException} (bad input),
 * or a {@link io.tapelib.controller.device.DeviceException} with the device's words.
 */
@ApplicationScoped
public class DriveScheduler {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final DriveQueues drives;
    private final DriveShutdown shutdown;
    private final JobHistory jobs;
    private final int blockSize;
    /** Where mounted volumes keep their directory trees (TAPE_MOUNT_DIR). */
    private final Path workDir;
    private final Robot robot;
    private final DriveCartridges cartridges;
    private final KnownVolumes knownVolumes;
    private final MigrationTargets targets;
    private final MigrationBatchWriter batchWriter;
    private final Coordinators coordinators;
    private final IndexUpdateWriter indexUpdates;
    private final DriveCleaning cleaning;
    private final VolumeTasks volumeTasks;
    private final ReclaimCopy reclaims;
    private final CartridgeMoves moves;
    private final OperatorMoves operatorMoves;

    /** With the default shutdown bound of 60 s. */
    public DriveScheduler(LibraryDevices devices, JobHistory jobs, MeterRegistry meters, TapeSettings settings) {
        this(devices, jobs, meters, settings, DriveShutdown.DEFAULT_BOUND);
    }

    @Inject
    public DriveScheduler(LibraryDevices devices, JobHistory jobs, MeterRegistry meters, TapeSettings settings,
                          ControllerTimeouts timeouts) {
        this(devices, jobs, meters, settings, timeouts.shutdown());
    }

    private DriveScheduler(LibraryDevices devices, JobHistory jobs, MeterRegistry meters, TapeSettings settings,
                           Duration shutdownBound) {
        this.jobs = jobs;
        this.blockSize = settings.blockSize();
        this.workDir = settings.mountDir();
        WorkDirLeftovers.delete(workDir);
        this.knownVolumes = KnownVolumes.load(workDir);
        this.robot = new Robot(devices.changer(), jobs::libraryChanged);
        this.cartridges = new DriveCartridges(robot, jobs, meters, knownVolumes);
        this.drives = new DriveQueues(devices.drives());
        this.coordinators = new Coordinators(drives);
        this.shutdown = new DriveShutdown(drives, cartridges, shutdownBound);
        this.targets = new MigrationTargets(blockSize, drives, knownVolumes, robot, this::probeSummary);
        this.batchWriter = new MigrationBatchWriter(drives, cartridges, knownVolumes, settings.indexSyncInterval());
        this.indexUpdates = new IndexUpdateWriter(new IndexWrites(drives, cartridges), knownVolumes);
        this.cleaning = new DriveCleaning(drives, robot, cartridges, jobs, workDir);
        drives.afterEachJob(cleaning::afterJob);
        this.volumeTasks = new VolumeTasks(robot, drives, cartridges, jobs, knownVolumes, blockSize, workDir);
        this.reclaims = new ReclaimCopy(volumeTasks, drives, targets, batchWriter, jobs, new StagingArea(workDir));
        this.moves = new CartridgeMoves(robot, drives, cartridges, jobs, coordinators);
        this.operatorMoves = new OperatorMoves(drives, cartridges, jobs, robot);
        drives.adopt(inventory());
    }

    /** Export, import and moves through the import/export elements. */
    public CartridgeMoves moves() {
        return moves;
    }

    /** Drives asking for cleaning and the cleaning cartridges used (for the library views). */
    public CleaningState cleaning() {
        return cleaning.state();
    }

    /** Number of drives. */
    public int driveCount() {
        return drives.all().size();
    }

    /** A fresh inventory of the changer, read under the robot lock; blocks the calling thread. */
    public Inventory inventory() {
        return robot.inventory();
    }

    /** The changer's inventory, read off the caller's thread. */
    public CompletableFuture<Inventory> library() {
        return async(this::inventory);
    }

    /**
     * Loads a cartridge into a drive (a LOAD job); see {@link OperatorMoves#load}.
     *
     * @param drive     data transfer element number
     * @param volumeTag the cartridge, or null to name it by slot
     * @param slot      storage element number (1-based), used when {@code volumeTag} is null
     * @return the finished job
     */
    public CompletableFuture<JobRecord> load(int drive, String volumeTag, int slot) {
        return operatorMoves.load(drive, volumeTag, slot);
    }

    /**
     * Unloads a drive (an UNLOAD job); see {@link OperatorMoves#unload}.
     *
     * @param drive data transfer element number
     * @param slot  storage element to put the cartridge in; 0 for the slot it came from
     * @return the finished job
     */
    public CompletableFuture<JobRecord> unload(int drive, int slot) {
        return operatorMoves.unload(drive, slot);
    }

    /**
     * Runs work on a cartridge in whichever drive the scheduler picks, loading it first when needed.
     *
     * @param volumeTag the cartridge
     * @param type      the job to record, or null to record none (besides a LOAD)
     */
    public <T> CompletableFuture<T> onVolume(String volumeTag, JobType type, VolumeWork<T> work) {
        return onDriveVolume(volumeTag, type, work::run);
    }

    private <T> CompletableFuture<T> onDriveVolume(String volumeTag, JobType type, DriveVolumeWork<T> work) {
        return volumeTasks.onVolume(volumeTag, type, work);
    }

    /**
     * Sends a volume's latest index (an INDEX job): the volume, then for an LTFS volume the root (path {@code ""}),
     * then every other entry, parents before children.
     */
    public CompletableFuture<Void> readIndex(String volumeTag, IndexSink sink) {
        return onVolume(volumeTag, JobType.INDEX, (volume, job) -> {
            if (volume.probe().kind() == VolumeKind.LTFS) {
                LtfsVolume ltfs = volume.mount();
                sink.volume(volume.summary());
                // the root first: a catalog rebuilt from tape takes the mount root's own metadata from it
                sink.entry(ltfs.root());
                try (var entries = ltfs.entries()) {
                    entries.forEach(sink::entry);
                }
            } else {
                sink.volume(volume.summary());
            }
            sink.end();
            return null;
        });
    }

    /**
     * Makes an inconsistent LTFS volume consistent again (a RECOVER job; never run automatically): a new index naming
     * the files of the newest valid index goes on the data partition after any unindexed data, then its copy on the
     * index partition ({@link LtfsVolume#recover()}). A consistent volume is left as it is.
     *
     * @return the finished job; fails with {@link VolumeNotFoundException}, {@link UnsupportedVolumeException} (not an
     *         LTFS volume: never written), {@link io.tapelib.controller.device.WriteProtectedException}, or a device
     *         error
     */
    public CompletableFuture<JobRecord> recover(String volumeTag) {
        return onVolume(volumeTag, JobType.RECOVER, (volume, job) -> {
            LtfsVolume ltfs = volume.mount();
            Consistency before = ltfs.consistency();
            Consistency after = ltfs.recover();
            knownVolumes.remember(volume.summary());
            LOG.infof("drive %d: %s %s", volume.drive(), volume.volumeTag(), before.consistent()
                    ? "was consistent; nothing written (" + after.summary() + ")"
                    : "recovered: " + after.summary());
            return job;
        }).thenApply(job -> jobs.find(job.id()).orElseThrow());
    }

    /**
     * Writes metadata changes made at the gateway's mount into a volume's index (an UPDATE_INDEX job), loading the
     * cartridge when needed: applied in order, a change the index cannot take skipped alone, then a new index
     * generation on the data partition ({@link IndexUpdateWriter}).
     *
     * @return fails with {@link VolumeNotFoundException}, {@link UnsupportedVolumeException} (blank or not LTFS),
     *         {@link io.tapelib.controller.device.WriteProtectedException}, {@link
     *         io.tapelib.controller.ltfs.ReadOnlyVolumeException}, or a device error
     */
    public CompletableFuture<IndexUpdate> updateIndex(String volumeTag, List<IndexChange> changes) {
        List<IndexChange> ordered = List.copyOf(changes);
        return onVolume(volumeTag, JobType.UPDATE_INDEX, (volume, job) -> indexUpdates.write(volume, ordered));
    }

    /**
     * Reads files from one volume (a RECALL job), in order of their first extent's position on tape
     * (partition, then start block) so that the drive streams forward; each file's bytes in file-offset order.
     */
    public CompletableFuture<Void> recall(String volumeTag, List<RecallItem> files, RecallSink sink) {
        return recall(volumeTag, files, ExpectedVolume.UNKNOWN, sink);
    }

    /**
     * {@link #recall(String, List, RecallSink)} for a caller that holds the volume's UUID, index generation and block
     * size: when the cartridge is not mounted and its cartridge memory's volume coherency information names them with
     * the drive's current volume change reference, the extents are read without reading the labels or the index (no
     * {@code volume_mounted} event then); otherwise the volume is mounted as for any recall. At the end of the job one
     * INFO line says the order of reads ({@link RecallReader#readOrderLine}).
     */
    public CompletableFuture<Void> recall(String volumeTag, List<RecallItem> files, ExpectedVolume expected,
                                          RecallSink sink) {
        List<RecallItem> ordered = RecallOrder.alongTape(files);
        return onDriveVolume(volumeTag, JobType.RECALL, (volume, job) -> {
            RecallReader reader = new RecallReader();
            try {
                reader.read(volume.forRecall(expected), ordered, sink, job);
            } finally {
                LOG.info(reader.readOrderLine(volume.volumeTag()));
            }
            return null;
        });
    }

    /**
     * Writes one migration batch (a MIGRATE job) and then an index naming it on the data partition. The target:
     * {@code preferredTag} if given; else a volume no other running migration writes to ({@link MigrationTargets}:
     * an LTFS volume with room for the first file in an idle drive, then in another drive, then in a slot; else a
     * blank cartridge, formatted first (a FORMAT job)), so that batches running at once use different drives.
     *
     * <p>A file the volume cannot take is rejected alone (its data read and discarded, nothing written) and the batch
     * goes on: a bad path or negative length (INVALID), a path the index cannot take (PATH_CONFLICT), a file larger
     * than an empty cartridge can hold (TOO_LARGE), a file no volume has room for before any volume was chosen
     * (VOLUME_FULL). When the volume reaches its end during the batch, writing stops, the index naming the files
     * already written goes on tape, the rest of the batch is read and discarded, and the result says
     * {@code volumeFull}. The future completes only once the index naming every file of the result is on tape.
     *
     * @throws IllegalArgumentException the batch names no file, or the caller's stream is malformed
     * @throws java.util.concurrent.CancellationException the caller went away
     */
    public CompletableFuture<MigrationResult> migrate(Optional<String> preferredTag, MigrationSource source) {
        return migrate(preferredTag, Map.of(), source);
    }

    /**
     * {@link #migrate(Optional, MigrationSource)} with pending metadata changes per volume tag: the list of the
     * volume the batch writes to is applied before its files and named by its index (the result says what was
     * skipped); the others are ignored.
     */
    public CompletableFuture<MigrationResult> migrate(Optional<String> preferredTag,
                                                      Map<String, List<IndexChange>> pendingChanges,
                                                      MigrationSource source) {
        return migrate(preferredTag, pendingChanges, Set.of(), source);
    }

    /** {@link #migrate(Optional, Map, MigrationSource)} never writing to the {@code excluded} volume tags (being reclaimed). */
    public CompletableFuture<MigrationResult> migrate(Optional<String> preferredTag,
                                                      Map<String, List<IndexChange>> pendingChanges,
                                                      Set<String> excluded, MigrationSource source) {
        Map<String, List<IndexChange>> pending = Map.copyOf(pendingChanges);
        Set<String> never = Set.copyOf(excluded);
        return async(() -> {
            Optional<IncomingFile> next = source.nextFile();
            if (next.isEmpty()) {
                throw new IllegalArgumentException("a migration batch names at least one file");
            }
            List<RejectedFile> rejected = new ArrayList<>();
            Optional<String> preferred = preferredTag.filter(t -> !t.isBlank()).map(String::strip);
            while (next.isPresent()) {
                IncomingFile file = next.get();
                Optional<RejectedFile> refusal = MigrationBatchWriter.refuseWithoutVolume(file, knownVolumes.largestFileBytes());
                if (refusal.isPresent()) {
                    rejected.add(refusal.get());
                    next = source.nextFile();
                    continue;
                }
                String target;
                try {
                    target = targets.reserve(preferred, file.length(), never);
                } catch (TapeFullException e) {
                    rejected.add(new RejectedFile(file.fileId(), file.metadata().path(), RejectReason.VOLUME_FULL,
                            e.getMessage()));
                    next = source.nextFile();
                    continue;
                }
                try {
                    return onVolume(target, JobType.MIGRATE,
                            (volume, job) -> batchWriter.write(volume, job, file, source, rejected, pending)).join();
                } finally {
                    targets.release(target);
                }
            }
            return new MigrationResult(Optional.empty(), List.of(), rejected, false);
        });
    }

    /**
     * Copies files of one volume to another (a RECLAIM job; {@link ReclaimCopy}): drive to drive when a second drive is
     * free, else in rounds through the staging directory; {@link ReclaimListener#progress} after each file. Completes
     * once the files of the result and an index naming them are on the target; the source is never written.
     *
     * @return fails with {@link VolumeNotFoundException}, {@link UnsupportedVolumeException} (source not LTFS, or not
     *         the expected volume), {@link TapeFullException}, a {@link java.util.concurrent.CancellationException}
     *         (the caller went away) or a device error
     */
    public CompletableFuture<MigrationResult> reclaim(ReclaimRequest request, ReclaimListener listener) {
        return async(() -> reclaims.run(request, listener));
    }

    /**
     * Writes a new, empty LTFS volume on a cartridge (a FORMAT job; {@link CartridgeFormat} says which cartridges are
     * refused, with nothing written).
     *
     * @return the finished job; fails with {@link VolumeNotFoundException}, {@link
     *         io.tapelib.controller.device.WriteProtectedException}, {@link CleaningCartridgeException}, {@link
     *         UnsupportedVolumeException} (data without {@code erase}; {@link UnexpectedVolumeException}: not the
     *         expected volume) or a device error
     */
    public CompletableFuture<JobRecord> format(String volumeTag, boolean erase, String expectedUuid) {
        return onDriveVolume(volumeTag, JobType.FORMAT, (volume, job) -> {
            String uuid = CartridgeFormat.format(volume, erase, expectedUuid).volumeUuid();
            job.progress(new JobProgress(0, 0, 0, "new LTFS volume " + uuid, 0));
            return job;
        }).thenApply(job -> jobs.find(job.id()).orElseThrow());
    }

    /** Runs blocking work on a scheduler thread, never on the caller's (an event loop's) thread. */
    public <T> CompletableFuture<T> async(Supplier<T> work) {
        return coordinators.run(work);
    }

    /** What the scheduler last learned of a volume, if it has seen it since start-up. */
    public Optional<VolumeSummary> knownVolume(String volumeTag) {
        return knownVolumes.find(volumeTag);
    }

    /** True once the controller began shutting down: running jobs are being cancelled and no work is taken. */
    public boolean shuttingDown() {
        return drives.closing();
    }

    /** Starts the shutdown while the HTTP server still runs, so that a cancelled stream's client learns why. */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        shutdown();
    }

    /**
     * Stops the drives within the shutdown bound ({@link DriveShutdown}: running jobs cancelled, final indexes written,
     * cartridges left in their drives). Runs once; later calls return at once.
     */
    @PreDestroy
    void shutdown() {
        shutdown.run();
        coordinators.shutdown();
    }

    /** What {@code tag} holds, probed on a drive (and mounted when LTFS); blocks until the drive did it. */
    private VolumeSummary probeSummary(String tag) {
        return onVolume(tag, null, (volume, job) -> {
            if (volume.probe().kind() == VolumeKind.LTFS) {
                volume.mount();
            }
            return volume.summary();
        }).join();
    }
}

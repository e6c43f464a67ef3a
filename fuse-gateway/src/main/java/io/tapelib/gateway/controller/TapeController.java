package io.tapelib.gateway.controller;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The gateway's port to the tape controller: what the tiering package asks of the library, in the gateway's
 * own records. The gRPC adapter ({@link ControllerClient}) maps them to the tapelib.v1 contract and owns
 * reconnection, deadlines and flow control; nothing outside this package sees a proto type.
 *
 * <p>Every call throws {@link ControllerUnavailableException} when the controller is away, does not answer
 * within the call's deadline, or refuses; {@link ControllerUnavailableException#transientFailure()} tells
 * whether trying again later may help.
 */
public interface TapeController {

    /**
     * Waits until the controller can be called, at most {@code timeout}; never throws.
     *
     * @return true when it can; false when it did not answer in time or the thread was interrupted
     */
    boolean awaitConnection(Duration timeout);

    /**
     * The medium changer's elements and the cartridges in them.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call
     */
    LibraryInventory library();

    /**
     * Reads a tape's latest LTFS index: {@link IndexSink#volume} once, then {@link IndexSink#entry} for each
     * directory, file and symlink. Loads the cartridge if needed, so this may take minutes. When the sink
     * throws or the calling thread is interrupted the read is cancelled (the controller frees the drive) and
     * the sink's exception propagates.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call (code NOT_FOUND:
     *                                        unknown volume tag)
     */
    void readIndex(String volumeTag, IndexSink sink);

    /**
     * Recalls files from one tape, handing each chunk and each completed file to {@code events}: chunks in
     * file-offset order per file, files in tape order. When {@code events} throws, the recall is cancelled (the
     * controller stops reading the tape) and the exception propagates.
     *
     * @throws ControllerUnavailableException when the controller is away or fails the call
     */
    void recall(RecallBatch batch, Consumer<RecallEvent> events);

    /**
     * Migrates files to one tape and returns where they landed; returns only once the controller has written
     * the data and an index naming it (shared/DESIGN.md section 7).
     *
     * @param preferredVolumeTag empty to let the controller choose the volume
     * @param files              the files in the order to write them
     * @param pending            metadata changes per volume not yet in their indexes; the controller applies the
     *                           list of the volume it writes to before the files (MigrationReport.changesApplied)
     * @return the migrated, refused and (by omission) unreached files, and whether the volume filled
     * @throws ControllerUnavailableException when the controller is away or fails the call, the call passed its
     *                                        deadline, or the thread was interrupted (then nothing more of the
     *                                        batch is sent)
     */
    MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending);

    /**
     * {@link #migrate(String, List, List)} that never writes to {@code excludeVolumeTags} (volumes being reclaimed),
     * also when one is {@code preferredVolumeTag}. Implementations that cannot exclude (test doubles) ignore it.
     *
     * @throws ControllerUnavailableException as {@link #migrate(String, List, List)}
     */
    default MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending,
                                    Set<String> excludeVolumeTags) {
        return migrate(preferredVolumeTag, files, pending);
    }

    /**
     * Copies files of one volume to another (Reclaim), handing the controller's progress to {@code progress} (at
     * least once per file); returns once the data and an index naming them are on the target. Loads cartridges, so
     * this may take hours; a controller that sends nothing for the stall deadline is given up on. The source is
     * never written.
     *
     * @return which files are on the target ({@link MigrationReport#volume()} is the target), which were refused;
     *         files in neither list were not reached
     * @throws ControllerUnavailableException when the controller is away or fails the call (NOT_FOUND: unknown
     *                                        source; FAILED_PRECONDITION: the source is not LTFS or not the expected
     *                                        volume; INVALID_ARGUMENT: a file without a path or extents past its
     *                                        length), the call stalled or passed its deadline, or the thread was
     *                                        interrupted (the call is cancelled then)
     */
    MigrationReport reclaim(ReclaimBatch batch, Consumer<ReclaimProgress> progress);

    /**
     * Writes a new, empty LTFS volume on a cartridge (mkltfs; LTFS Format Specification 2.4, section 8); returns
     * when the controller's FORMAT job has finished.
     *
     * @param erase        required for a cartridge that holds an LTFS volume (its files are gone afterwards)
     * @param expectedUuid the volume UUID the cartridge must hold (the catalog's), empty for no check
     * @return the cartridge as formatted (blank for the gateway: no files)
     * @throws ControllerUnavailableException when the controller is away or refuses (NOT_FOUND: unknown volume tag;
     *                                        FAILED_PRECONDITION: write-protected, a cleaning cartridge, an LTFS
     *                                        volume without erase, or another volume than expected: nothing was
     *                                        written), or the job failed (code ABORTED, the controller's words)
     */
    void format(String volumeTag, boolean erase, String expectedUuid);

    /**
     * {@link #migrate(String, List, List, Set)} that tells {@code sentBytes} how many bytes of file content were sent
     * so far (after each chunk; on the call's transport thread, so it must not block). Implementations that cannot
     * tell (test doubles) never call it.
     *
     * @throws ControllerUnavailableException as {@link #migrate(String, List, List)}
     */
    default MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending,
                                    Set<String> excludeVolumeTags, LongConsumer sentBytes) {
        return migrate(preferredVolumeTag, files, pending, excludeVolumeTags);
    }

    /** {@link #migrate(String, List, List)} with no pending metadata changes. */
    default MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files) {
        return migrate(preferredVolumeTag, files, List.of());
    }

    /**
     * Watches the controller's events, handing each cartridge a job mounted (loaded and its LTFS index read) to
     * {@code mounted}; other events are skipped. Returns when the stream ends by itself (it lasts at most the stream
     * deadline, so a half-open connection is noticed; watch again). Interrupting the calling thread cancels the
     * call. Events the controller sent while nobody watched are not delivered.
     *
     * @throws ControllerUnavailableException when the controller is away, goes away or fails the call, or the thread
     *                                        was interrupted
     */
    void watchMountedVolumes(Consumer<VolumeSummary> mounted);

    /**
     * {@link #watchMountedVolumes} that also hands the whole library to {@code library} each time the controller
     * reports an element change (Event.library: load, unload, move, import, export, an inventory that found a change),
     * so that the gateway follows cartridges leaving and entering the library. Same ending and errors.
     */
    default void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library) {
        watchMountedVolumes(mounted);
    }

    /**
     * {@link #watchEvents(Consumer, Consumer)} that also hands every job change and every library change, as the
     * operator's views show them, to {@code operator} (the gateway's event stream, {@code GET /api/v1/events}). The
     * consumers run on the watching thread and must not block. Same ending and errors. Implementations without
     * operator views (test doubles) hand nothing to {@code operator}.
     */
    default void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library,
                             Consumer<ControllerEvent> operator) {
        watchEvents(mounted, library);
    }

    /**
     * Writes metadata changes into one volume's LTFS index as a new index generation, loading the cartridge when
     * needed (so this may take minutes); returns once the index naming them is on tape. Changes apply in order;
     * one the index cannot take is skipped alone and reported.
     *
     * @param volumeTag the volume
     * @param changes   in the order to apply them
     * @throws ControllerUnavailableException when the controller is away or fails the call (NOT_FOUND: unknown
     *                                        volume tag; FAILED_PRECONDITION: write-protected, blank or not LTFS;
     *                                        INVALID_ARGUMENT: a change without a path), the call passed its
     *                                        deadline, or the thread was interrupted
     */
    IndexUpdate updateIndex(String volumeTag, List<IndexChange> changes);
}

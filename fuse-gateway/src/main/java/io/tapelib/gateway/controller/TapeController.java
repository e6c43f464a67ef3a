package io.tapelib.gateway.controller;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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

package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.AppliedChanges;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.controller.ltfs.LtfsVolume;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Writes metadata changes made at the gateway's mount into a loaded volume's index, on the drive's thread: the
 * changes applied in order, then a new index generation on the data partition; the index partition's copy follows
 * at unmount, as after a migration batch (DESIGN.md section 7).
 */
final class IndexUpdateWriter {

    // the scheduler's log category: operators filter on it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final IndexWrites indexWrites;
    private final KnownVolumes known;

    IndexUpdateWriter(IndexWrites indexWrites, KnownVolumes known) {
        this.indexWrites = indexWrites;
        this.known = known;
    }

    /**
     * @throws UnsupportedVolumeException the cartridge is blank or not LTFS
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     * @throws io.tapelib.controller.ltfs.ReadOnlyVolumeException the volume is not consistent, or locked
     */
    IndexUpdate write(LoadedVolume volume, List<IndexChange> changes) {
        LtfsVolume ltfs = volume.mount();
        AppliedChanges applied = ltfs.applyChanges(changes);
        indexWrites.write(volume, ltfs);
        VolumeSummary summary = volume.summary();
        known.remember(summary);
        LOG.infof("drive %d: %s: %d of %d metadata change(s) in index generation %d%s", volume.drive(),
                volume.volumeTag(), applied.applied(), changes.size(), summary.generation(),
                applied.skipped().isEmpty() ? "" : "; skipped: " + applied.skipped());
        return new IndexUpdate(summary, applied);
    }
}

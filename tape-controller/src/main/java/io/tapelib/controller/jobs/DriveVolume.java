package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.CoherentVolume;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.LtfsFormatOptions;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.VolumeKind;
import io.tapelib.controller.ltfs.VolumeProbe;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The job-side view of a drive's loaded cartridge: probes, mounts or formats its volume on the drive's own thread and
 * tells {@link KnownVolumes} what it learned.
 */
final class DriveVolume implements LoadedVolume {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final DriveContext context;
    private final JobHistory jobs;
    private final KnownVolumes known;
    /** Logical block size of volumes this controller formats, bytes. */
    private final int blockSize;
    /** Where mounted volumes keep their directory trees (TAPE_MOUNT_DIR). */
    private final Path workDir;

    DriveVolume(DriveContext context, JobHistory jobs, KnownVolumes known, int blockSize, Path workDir) {
        this.context = context;
        this.jobs = jobs;
        this.known = known;
        this.blockSize = blockSize;
        this.workDir = workDir;
    }

    @Override
    public String volumeTag() {
        return context.loadedTag;
    }

    @Override
    public int drive() {
        return context.index;
    }

    @Override
    public VolumeProbe probe() {
        if (context.probe == null) {
            if (context.volume != null) {
                context.probe = new VolumeProbe(VolumeKind.LTFS, "mounted");
            } else {
                // the first look at a cartridge since its load: what was remembered of it may be stale
                OptionalLong changeReference = VolumeChangeReference.of(context.drive);
                known.loaded(context.loadedTag, changeReference);
                context.probe = LtfsVolumes.probe(context.drive);
                if (context.probe.kind() != VolumeKind.LTFS) {
                    known.remember(summary(), changeReference);
                }
            }
        }
        return context.probe;
    }

    @Override
    public LtfsVolume mount() {
        if (context.volume == null) {
            VolumeProbe probe = probe();
            if (probe.kind() != VolumeKind.LTFS) {
                throw new UnsupportedVolumeException(context.loadedTag + " is " + probe.kind() + " (" + probe.detail()
                        + "), not an LTFS volume with data");
            }
            // a volume this service wrote and left inconsistent (a crash, a kill) is recovered here, as the LTFS
            // reference implementation recovers at mount; other volumes stay read-only for an operator's recover, and
            // their warning is not repeated each time a job loads the cartridge again
            String tag = context.loadedTag;
            context.volume = LtfsVolumes.mount(context.drive, tag, workDir, true,
                    warning -> known.firstWarning(tag, warning), context.hasher);
            VolumeSummary mounted = summary();
            known.remember(mounted, VolumeChangeReference.of(context.drive));
            // its index was just read: a gateway that knew an older generation (another writer, the import
            // command) indexes it again
            jobs.volumeMounted(mounted);
        }
        return context.volume;
    }

    /**
     * Where a recall reads from: the mounted volume when it is mounted; else, when the cartridge memory vouches that
     * nothing was written since the index generation {@code expected} names ({@link CoherentVolume}), the extents
     * directly, leaving the volume unmounted (a later job that needs the index mounts it then); else the volume, mounted
     * now.
     *
     * @throws UnsupportedVolumeException the volume must be mounted and is not LTFS
     */
    FileReads forRecall(ExpectedVolume expected) {
        if (context.volume != null || !expected.known()) {
            return mount()::readFile;
        }
        CoherentVolume.Check check = CoherentVolume.check(context.drive, context.loadedTag, expected);
        if (check.volume().isPresent()) {
            LOG.infof("drive %d: %s: reading the extents without the index: %s", context.index, context.loadedTag,
                    check.reason());
            return check.volume().get()::readFile;
        }
        LOG.infof("drive %d: %s: mounting to recall: %s", context.index, context.loadedTag, check.reason());
        return mount()::readFile;
    }

    @Override
    public LtfsVolume mountOrFormat() {
        if (context.volume == null && probe().kind() == VolumeKind.BLANK) {
            JobHandle job = jobs.submit(JobType.FORMAT, context.loadedTag, context.index);
            job.started();
            try {
                formatNow();
                job.succeeded();
            } catch (RuntimeException e) {
                job.failed(e);
                throw e;
            }
            known.remember(summary());
        }
        return mount();
    }

    /** Whether the loaded cartridge is write protected (its tab set), as the drive reports it. */
    boolean writeProtected() {
        return context.drive.status().writeProtected();
    }

    /**
     * The volume UUID of the cartridge's LTFS volume, from the mounted volume or else from its label (the index is not
     * read); empty when the cartridge is blank or holds no LTFS volume. Writes nothing.
     */
    Optional<String> volumeUuid() {
        if (context.volume != null) {
            return Optional.of(context.volume.volumeUuid());
        }
        return probe().kind() == VolumeKind.LTFS
                ? Optional.of(LtfsVolumes.volumeUuid(context.drive, context.loadedTag))
                : Optional.empty();
    }

    /** The volume UUID of the mounted volume; empty when the volume is not mounted (e.g. read without its index). */
    Optional<String> mountedVolumeUuid() {
        return Optional.ofNullable(context.volume).map(LtfsVolume::volumeUuid);
    }

    /**
     * Writes a new, empty LTFS volume over whatever the cartridge holds (the caller checked that it may), remembers it
     * and tells the event listeners that it is mounted (new volume UUID, index generation 1).
     *
     * @return the mounted, empty volume
     */
    LtfsVolume reformat() {
        if (context.volume != null) {
            try {
                context.volume.unmount();
            } catch (RuntimeException e) {
                // its files are being erased: an index that cannot be written any more does not matter
                LOG.warnf("drive %d: %s: the old volume's final index was not written before formatting: %s",
                        context.index, context.loadedTag, e.getMessage());
            }
            context.volume = null;
        }
        context.unfinishedIndex = null;
        formatNow();
        VolumeSummary formatted = summary();
        known.remember(formatted);
        jobs.volumeMounted(formatted);
        return context.volume;
    }

    private void formatNow() {
        context.volume = LtfsVolumes.format(context.drive, context.loadedTag,
                new LtfsFormatOptions(blockSize, LtfsFormatOptions.defaults().indexPartitionBytes()), workDir, context.hasher);
        context.probe = new VolumeProbe(VolumeKind.LTFS, "formatted by this controller");
        LOG.infof("drive %d: formatted %s as LTFS (volume %s)", context.index, context.loadedTag,
                context.volume.volumeUuid());
    }

    @Override
    public void unmount() {
        if (context.volume != null) {
            context.volume.unmount();
            context.volume = null;
        }
    }

    @Override
    public VolumeSummary summary() {
        LtfsVolume volume = context.volume;
        if (volume == null) {
            VolumeProbe probe = context.probe;
            if (probe != null && probe.kind() == VolumeKind.BLANK) {
                // usable capacity (statfs counts it): the data partition our format will make of it
                long data = LtfsVolumes.dataPartitionBytesAfterFormat(context.drive.capacity(0).totalBytes(),
                        LtfsFormatOptions.defaults());
                return new VolumeSummary(context.loadedTag, VolumeKind.BLANK, "", 0, blockSize, data,
                        LtfsVolumes.largestFileBytes(data, blockSize), probe.detail(), writeProtected());
            }
            return new VolumeSummary(context.loadedTag, probe == null ? VolumeKind.UNSUPPORTED : probe.kind(), "", 0, 0, 0, 0,
                    probe == null ? "not probed" : probe.detail(), writeProtected());
        }
        String detail = context.unfinishedIndex != null ? "index write pending: " + context.unfinishedIndex
                : volume.readOnly() ? volume.consistency().summary() : "";
        return new VolumeSummary(context.loadedTag, VolumeKind.LTFS, String.valueOf(volume.volumeUuid()), volume.generation(),
                volume.blockSize(), volume.capacityBytes(), volume.remainingBytes(), detail, writeProtected());
    }
}

package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.controller.changer.Element;
import org.jboss.logging.Logger;

/**
 * On a drive's own thread: brings a cartridge into the drive and takes it out again, keeping the drive's state (loaded
 * volume tag, source slot, threaded, probe, mounted volume) in step. A cartridge whose last index write failed never
 * leaves its drive.
 */
final class DriveCartridges {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final Robot robot;
    private final JobHistory jobs;
    private final MeterRegistry meters;
    private final KnownVolumes known;

    DriveCartridges(Robot robot, JobHistory jobs, MeterRegistry meters, KnownVolumes known) {
        this.robot = robot;
        this.jobs = jobs;
        this.meters = meters;
        this.known = known;
    }

    /** Makes {@code tag} the threaded cartridge of the drive, unloading another one first (a LOAD job when moved). */
    void ensureLoaded(DriveContext context, String tag) {
        if (tag.equals(context.loadedTag)) {
            if (!context.threaded && !context.drive.status().loaded()) {
                context.drive.load();
            }
            context.threaded = true;
            return;
        }
        if (context.loadedTag != null) {
            unload(context, 0);
        }
        Element source = Cartridges.findStored(robot.inventory(), tag);
        JobHandle job = jobs.submit(JobType.LOAD, tag, context.index);
        job.started();
        try {
            load(context, source, job);
            job.succeeded();
        } catch (RuntimeException e) {
            job.failed(e);
            throw e;
        }
    }

    /** Robot move from a storage element into the empty drive, then thread the cartridge; counts the load. */
    void load(DriveContext context, Element source, JobHandle job) {
        String tag = source.volumeTag().orElse("");
        robot.intoDrive(context, source);
        Counter.builder("tapelib.cartridge.loads")
                .description("Cartridges moved into a drive and threaded, per volume tag")
                .tag("volume_tag", tag)
                .register(meters)
                .increment();
        context.loadedTag = tag;
        context.sourceSlot = source.number();
        context.threaded = true;
        context.probe = null;
        context.volume = null;
        LOG.infof("drive %d: loaded %s from slot %d (job %d)", context.index, tag, source.number(), job.id());
        reportTab(context, tag);
    }

    /**
     * A known volume loaded with its write-protect tab changed since it was last reported (slid while out of the
     * drive) is reported again, as last read with the tab as the drive sees it now: the gateway learns at this load
     * that it may no longer be written or reclaimed (or may be again), not at the next job that reads its index. Its
     * index generation is the one the gateway has, so nothing is indexed again. A drive that cannot tell is logged.
     */
    private void reportTab(DriveContext context, String tag) {
        if (known.find(tag).isEmpty()) {
            return;   // nothing announced of it yet: its first probe or mount tells the tab with the rest
        }
        try {
            boolean writeProtected = context.drive.status().writeProtected();
            known.tab(tag, writeProtected).ifPresent(changed -> {
                LOG.infof("drive %d: %s was loaded with its write-protect tab %s", context.index, tag,
                        writeProtected ? "set" : "cleared");
                jobs.volumeMounted(changed);
            });
        } catch (RuntimeException e) {
            LOG.warnf("drive %d: cannot read the write-protect tab of %s after its load: %s", context.index, tag,
                    e.getMessage());
        }
    }

    /** Unmount, unthread and put the cartridge back ({@code slot} 0: its source slot). */
    void unload(DriveContext context, int slot) {
        String tag = context.loadedTag;
        if (context.volume != null) {
            // never unload a cartridge whose last index write did not complete: a failed unmount keeps it in the drive
            // and the next unload (or the end of the next batch on it) writes the index again
            try {
                context.volume.unmount();
            } catch (RuntimeException e) {
                indexWriteFailed(context, e);
                throw e;
            }
            if (context.unfinishedIndex != null) {
                LOG.infof("drive %d: the index of %s is on tape now", context.index, tag);
            }
            context.unfinishedIndex = null;
            context.volume = null;
        }
        robot.outOfDrive(context, tag, slot);
        context.loadedTag = null;
        context.sourceSlot = 0;
        context.probe = null;
    }

    /** Unmounts the drive's volume, if any (final index on both partitions); a failure is logged, not thrown. */
    void unmountQuietly(DriveContext context) {
        if (context.volume == null) {
            return;
        }
        try {
            context.volume.unmount();
            LOG.infof("drive %d: unmounted %s (final index on both partitions)", context.index, context.loadedTag);
        } catch (RuntimeException e) {
            LOG.errorf("drive %d: unmount of %s failed: %s", context.index, context.loadedTag, e.getMessage());
        } finally {
            context.volume = null;
        }
    }

    /** Marks the drive: its cartridge stays in until an index write succeeds. */
    void indexWriteFailed(DriveContext context, RuntimeException e) {
        context.unfinishedIndex = e.getMessage();
        LOG.errorf("drive %d: %s stays in the drive: its index write failed (%s); the index is written again before"
                + " the cartridge may leave", context.index, context.loadedTag, e.getMessage());
    }
}

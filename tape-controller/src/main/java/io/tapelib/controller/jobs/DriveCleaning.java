package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.drive.TapeAlerts;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cleans a drive between two jobs when it asks for it. After each job the drive's TapeAlert flags are read; a drive
 * that sets flag 20 (Clean now) or 21 (Clean periodic) gets a cleaning task queued behind the work already waiting
 * for it: its data cartridge is put back (index first), the cleaning cartridge with the fewest uses that is not
 * expired is moved in, the drive runs its cleaning cycle and ejects it, and the robot takes it back. A cartridge the
 * drive reports expired (flag 22) is recorded, reported and not used again; the next one is tried. With no usable
 * cleaning cartridge the drive keeps working and the request stays visible (GetLibrary, one WARN line).
 */
final class DriveCleaning {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);
    /** Cleaning cartridges tried for one request before giving up until the next job. */
    private static final int MAX_ATTEMPTS = 3;
    /** After finding no usable cleaning cartridge, how long before the library is looked at again. */
    static final Duration LOOK_AGAIN = Duration.ofMinutes(10);

    private final DriveQueues drives;
    private final Robot robot;
    private final DriveCartridges cartridges;
    private final JobHistory jobs;
    private final CleaningLog log;
    /** Drives (data transfer element numbers) that asked for cleaning and were not cleaned since. */
    private final Set<Integer> asking = ConcurrentHashMap.newKeySet();
    /** Drives with a cleaning task queued, so that a second job's check does not queue another. */
    private final Set<Integer> queued = ConcurrentHashMap.newKeySet();
    /** When each drive last found no usable cleaning cartridge: the library is looked at again after a while. */
    private final Map<Integer, Instant> noCleaner = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param workDir TAPE_MOUNT_DIR, where the cleaning cartridges' uses are kept (null: memory only) */
    DriveCleaning(DriveQueues drives, Robot robot, DriveCartridges cartridges, JobHistory jobs, Path workDir) {
        this(drives, robot, cartridges, jobs, workDir, Clock.systemUTC());
    }

    DriveCleaning(DriveQueues drives, Robot robot, DriveCartridges cartridges, JobHistory jobs, Path workDir,
                  Clock clock) {
        this.clock = clock;
        this.drives = drives;
        this.robot = robot;
        this.cartridges = cartridges;
        this.jobs = jobs;
        this.log = new CleaningLog(workDir);
    }

    /** Drives asking for cleaning, and the cleaning cartridges used so far. */
    CleaningState state() {
        return new CleaningState(asking, log.all());
    }

    /**
     * On the drive's thread, right after a job: reads the drive's TapeAlert flags and queues a cleaning when it asks.
     * Never throws: a drive that cannot report its flags is simply not cleaned now.
     */
    void afterJob(DriveContext context) {
        TapeAlerts alerts;
        try {
            alerts = context.drive.tapeAlerts();
        } catch (RuntimeException e) {
            LOG.debugf("drive %d: TapeAlert flags not read: %s", context.index, e.getMessage());
            return;
        }
        if (!alerts.cleaningRequested()) {
            return;
        }
        if (asking.add(context.index)) {
            LOG.infof("drive %d asks for cleaning (%s)", context.index, alerts);
        }
        Instant lastMiss = noCleaner.get(context.index);
        if (lastMiss != null && clock.instant().isBefore(lastMiss.plus(LOOK_AGAIN))) {
            return;
        }
        if (queued.add(context.index)) {
            // the job is in the history from now, QUEUED behind the work already waiting for the drive
            JobHandle job = jobs.submit(JobType.CLEAN, null, context.index);
            drives.submitMaintenance(context, () -> clean(context, job))
                    .whenComplete((ignored, error) -> {
                        queued.remove(context.index);
                        if (error != null) {
                            job.failed(error);
                        }
                    });
        }
    }

    /**
     * On the drive's thread: cleans it with the first usable cleaning cartridge, trying the next one (a new CLEAN
     * job) if the drive reports it expired.
     */
    private void clean(DriveContext context, JobHandle first) {
        JobHandle job = first;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && asking.contains(context.index); attempt++) {
            if (job == null) {
                job = jobs.submit(JobType.CLEAN, null, context.index);
            }
            Optional<Element> cleaner = usableCleaner();
            if (cleaner.isEmpty()) {
                noCleaner.put(context.index, clock.instant());
                String why = "drive " + context.index + " asks for cleaning, but the library holds no usable cleaning"
                        + " cartridge: put one in (volume tag CLN...) and import it";
                LOG.warn(why);
                job.started();
                job.failed(new IllegalStateException(why));
                return;
            }
            noCleaner.remove(context.index);
            cleanWith(context, cleaner.get(), job);
            job = null;
        }
        if (job != null) {
            // asked no more by the time the task ran (another cleaning came first)
            job.started();
            job.succeeded();
        }
    }

    private void cleanWith(DriveContext context, Element cleaner, JobHandle job) {
        String tag = cleaner.volumeTag().orElse("");
        job.volumeTag(tag);
        job.started();
        try {
            if (context.loadedTag != null) {
                cartridges.unload(context, 0);
            }
            robot.clean(context, cleaner);
            TapeAlerts after = context.drive.tapeAlerts();
            CleaningState.CleaningUse entry = log.attempt(tag, after.cleaningMediaExpired());
            if (after.cleaningMediaExpired()) {
                String why = "cleaning cartridge " + tag + " is expired (TapeAlert 22) after " + entry.uses()
                        + " cleanings: take it out of the library and put in a new one";
                LOG.warnf("drive %d: %s", context.index, why);
                job.failed(new IllegalStateException(why));
                return;
            }
            if (!after.cleaningRequested()) {
                asking.remove(context.index);
            }
            job.progress(new JobProgress(0, 0, 0, "cleaning " + entry.uses() + " with " + tag, cleaner.number()));
            job.succeeded();
            LOG.infof("drive %d cleaned with %s (its cleaning number %d); TapeAlert after: %s", context.index, tag,
                    entry.uses(), after);
        } catch (RuntimeException e) {
            LOG.warnf("drive %d: cleaning with %s failed: %s", context.index, tag, e.getMessage());
            job.failed(e);
            // the drive goes on with data work; the next job's check asks again
            asking.remove(context.index);
        }
    }

    private Optional<Element> usableCleaner() {
        return robot.inventory().storage().stream()
                .filter(Element::isCleaningCartridge)
                .filter(e -> !log.of(e.volumeTag().orElse("")).expired())
                .min(Comparator.comparingInt((Element e) -> log.of(e.volumeTag().orElse("")).uses())
                        .thenComparingInt(Element::number));
    }
}

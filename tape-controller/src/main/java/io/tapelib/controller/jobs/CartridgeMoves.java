package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.SourceEmptyException;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cartridges in and out of the library through its import/export elements (mail slots), and moves between storage
 * and import/export elements: the EXPORT, IMPORT and MOVE jobs. Every robot move takes the one robot lock
 * ({@link Robot}), which also tells the library watchers the elements afterwards. A cartridge in a drive leaves it
 * through the drive's own queue, after the jobs queued before, as an unload does. Jobs that use no drive are recorded
 * with drive {@value #NO_DRIVE}.
 *
 * <p>Every operation validates its input at once ({@link IllegalArgumentException}) and returns the finished job's
 * future, which fails with {@link VolumeNotFoundException} (unknown volume tag), {@link
 * io.tapelib.controller.changer.UnknownElementException} (no such element), {@link SourceEmptyException} (an empty
 * source), {@link DestinationFullException} (a full destination, no free mail slot or storage element), {@link
 * ElementConflictException}, {@link io.tapelib.controller.device.DeviceBusyException} or a device error in the
 * changer's own words.
 */
public final class CartridgeMoves {

    /** The drive of a job that uses none (IMPORT, MOVE, and an EXPORT from a slot). */
    public static final int NO_DRIVE = -1;

    // the scheduler's log category: operators filter on it for every robot move
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final Robot robot;
    private final DriveQueues drives;
    private final DriveCartridges cartridges;
    private final JobHistory jobs;
    private final Coordinators coordinators;

    CartridgeMoves(Robot robot, DriveQueues drives, DriveCartridges cartridges, JobHistory jobs, Coordinators coordinators) {
        this.robot = robot;
        this.drives = drives;
        this.cartridges = cartridges;
        this.jobs = jobs;
        this.coordinators = coordinators;
    }

    /**
     * Moves a cartridge to an import/export element for the operator to take out (an EXPORT job). A cartridge in a
     * drive, or with work queued for a drive, leaves through that drive's queue once the work before it is done: its
     * volume is unmounted (final index on both partitions) and the robot takes it from the drive to the mail slot.
     *
     * @param volumeTag        the cartridge
     * @param importExportSlot the import/export element's number as the library lists it; 0 for the first empty one
     * @return the finished job; fails with {@link VolumeNotFoundException} (not in the library), {@link
     *         DestinationFullException} (the element is full, or none is free), {@link
     *         io.tapelib.controller.changer.UnknownElementException} (no such import/export element), {@link
     *         ElementConflictException} (already in a mail slot)
     * @throws IllegalArgumentException a malformed volume tag or a negative element number
     */
    public CompletableFuture<JobRecord> export(String volumeTag, int importExportSlot) {
        String tag = VolumeTags.require("volume tag", volumeTag);
        if (importExportSlot < 0) {
            throw new IllegalArgumentException("import/export slot must be 0 (the first free one) or an import/export"
                    + " element's number, got " + importExportSlot);
        }
        Optional<DriveContext> drive = drives.holding(tag);
        JobHandle job = jobs.submit(JobType.EXPORT, tag, drive.map(d -> d.index).orElse(NO_DRIVE));
        if (drive.isEmpty()) {
            return robotJob(job, () -> exportFromSlot(job, tag, importExportSlot, robot.inventory()));
        }
        DriveContext context = drive.get();
        return drives.submit(context, null, job, () -> finished(job, () -> {
            try {
                if (tag.equals(context.loadedTag)) {
                    exportFromDrive(context, job, tag, importExportSlot);
                } else {
                    exportFromSlot(job, tag, importExportSlot, robot.inventory());
                }
            } finally {
                drives.assign(context, context.loadedTag);
            }
        }));
    }

    /**
     * Brings the cartridges an operator put into import/export elements into free storage elements (an IMPORT job;
     * not the {@code import} command, which writes an operator's files to tape). Each goes to the lowest-numbered
     * empty storage element that is not the home of a cartridge in a drive. Cartridges that do not fit stay where they
     * are; the job's detail names what moved where and what stayed.
     *
     * @param importExportSlot 0 for every full import/export element, else only this one
     * @return the finished job; fails with {@link DestinationFullException} when not one cartridge could move for
     *         lack of a free storage element, {@link io.tapelib.controller.changer.UnknownElementException} (no such
     *         import/export element), {@link SourceEmptyException} (the named one is empty)
     * @throws IllegalArgumentException a negative element number
     */
    public CompletableFuture<JobRecord> importCartridges(int importExportSlot) {
        if (importExportSlot < 0) {
            throw new IllegalArgumentException("import/export slot must be 0 (every full one) or an import/export"
                    + " element's number, got " + importExportSlot);
        }
        JobHandle job = jobs.submit(JobType.IMPORT, null, NO_DRIVE);
        return robotJob(job, () -> new MailSlotImport(robot, job).run(importExportSlot));
    }

    /**
     * Moves a cartridge between two storage or import/export elements (a MOVE job); drives are reached through load
     * and unload.
     *
     * @return the finished job; fails with {@link io.tapelib.controller.changer.UnknownElementException} (no such
     *         element), {@link SourceEmptyException} (the source is empty), {@link DestinationFullException} (the
     *         destination is full), {@link ElementConflictException} (the destination is the home slot of a cartridge
     *         in a drive, or the cartridge has work queued for a drive)
     * @throws IllegalArgumentException a missing type, a data transfer element, a number below 1, or the same
     *                                  element twice; the message names the field ({@code from}, {@code to})
     */
    public CompletableFuture<JobRecord> move(ElementRef from, ElementRef to) {
        requireSlotElement("from", from);
        requireSlotElement("to", to);
        if (from.equals(to)) {
            throw new IllegalArgumentException("from and to name the same element, " + from.describe());
        }
        JobHandle job = jobs.submit(JobType.MOVE, null, NO_DRIVE);
        return robotJob(job, () -> {
            Inventory inventory = robot.inventory();
            Element source = ElementChoice.find(inventory, from);
            Element destination = ElementChoice.find(inventory, to);
            if (!source.full()) {
                throw new SourceEmptyException("changer", from.describe() + " is empty");
            }
            String tag = ElementChoice.label(source);
            source.volumeTag().ifPresent(job::volumeTag);
            if (destination.full()) {
                throw new DestinationFullException("changer", to.describe() + " holds " + ElementChoice.label(destination));
            }
            if (ElementChoice.homeSlots(inventory).contains(to.number()) && to.type() == ElementType.STORAGE) {
                throw new ElementConflictException(to.describe() + " is the home of a cartridge in a drive, which goes"
                        + " back there when it is unloaded; name another element");
            }
            Optional<DriveContext> queued = source.volumeTag().flatMap(drives::holding);
            if (queued.isPresent()) {
                throw new ElementConflictException(tag + " has work queued for drive " + queued.get().index
                        + "; move it once that work is done");
            }
            job.progress(new JobProgress(0, 0, 0, from.describe() + " to " + to.describe(), from.number()));
            robot.transfer(from.number(), to.number());
            LOG.infof("moved %s from %s to %s (job %d)", tag, from.describe(), to.describe(), job.id());
        });
    }

    private void exportFromDrive(DriveContext context, JobHandle job, String tag, int requested) {
        int target = ElementChoice.mailSlotFor(robot.inventory(), tag, requested);
        job.progress(new JobProgress(0, 0, 0, "data transfer element " + context.index + " to import/export element "
                + target, 0));
        cartridges.unload(context, target);
        LOG.infof("drive %d: exported %s to import/export element %d (job %d)", context.index, tag, target, job.id());
    }

    private void exportFromSlot(JobHandle job, String tag, int requested, Inventory inventory) {
        Element source = inventory.find(tag).orElseThrow(() -> new VolumeNotFoundException(tag));
        if (source.type() == ElementType.IMPORT_EXPORT) {
            throw new ElementConflictException(tag + " is already in import/export element " + source.number()
                    + "; the operator can take it out");
        }
        if (source.type() == ElementType.DATA_TRANSFER) {
            throw new ElementConflictException(tag + " is in data transfer element " + source.number()
                    + " by the work of another request; export it again once the drive is idle");
        }
        int target = ElementChoice.mailSlotFor(inventory, tag, requested);
        job.progress(new JobProgress(0, 0, 0, "storage element " + source.number() + " to import/export element "
                + target, source.number()));
        robot.transfer(source.number(), target);
        LOG.infof("exported %s from storage element %d to import/export element %d (job %d)", tag, source.number(),
                target, job.id());
    }

    private static void requireSlotElement(String field, ElementRef ref) {
        if (ref == null || ref.type() == null) {
            throw new IllegalArgumentException(field + " is required: an element type (STORAGE or IMPORT_EXPORT) and number");
        }
        if (ref.type() == ElementType.DATA_TRANSFER) {
            throw new IllegalArgumentException(field + ".type DATA_TRANSFER: a drive is reached through Load and Unload,"
                    + " not Move");
        }
        if (ref.type() != ElementType.STORAGE && ref.type() != ElementType.IMPORT_EXPORT) {
            throw new IllegalArgumentException(field + ".type must be STORAGE or IMPORT_EXPORT, got " + ref.type());
        }
        if (ref.number() < 1) {
            throw new IllegalArgumentException(field + ".number must be 1 or more (mtx numbers storage and"
                    + " import/export elements from 1), got " + ref.number());
        }
    }

    /** Runs a job that needs the robot but no drive on a coordinator thread. */
    private CompletableFuture<JobRecord> robotJob(JobHandle job, Runnable work) {
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<JobRecord> future = coordinators.run(() -> {
            ran.set(true);
            return finished(job, work);
        });
        // refused before it ran (shutting down, too many requests): the job must not stay QUEUED
        return future.whenComplete((record, error) -> {
            if (error != null && !ran.get()) {
                job.failed(error);
            }
        });
    }

    private JobRecord finished(JobHandle job, Runnable work) {
        job.started();
        try {
            work.run();
            job.succeeded();
            return jobs.find(job.id()).orElseThrow();
        } catch (RuntimeException e) {
            job.failed(e);
            throw e;
        }
    }
}

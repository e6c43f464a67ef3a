package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.drive.TapeDrive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The drives and their queues: one single-thread executor per drive (so a drive does one thing at a time, in order),
 * which volume tag each drive is assigned, and the choice of drive for a volume tag. The "scheduler" fields of every
 * {@link DriveContext} (assigned tag, pending jobs, last use) and the closing flag are guarded by this object's
 * monitor.
 */
final class DriveQueues {

    private final List<DriveContext> drives;
    private long useClock;
    /** Set once at shutdown: no new work is accepted and queued work fails instead of running. */
    private volatile boolean closing;
    /** Runs on a drive's thread after each of its jobs (not after maintenance tasks); set once at start-up. */
    private volatile java.util.function.Consumer<DriveContext> afterJob = context -> { };

    /** @param drives the controller's drives by data transfer element number */
    DriveQueues(Map<Integer, TapeDrive> drives) {
        List<DriveContext> contexts = new ArrayList<>();
        // a context's index is its data transfer element number: the number the changer and the API know it by
        drives.forEach((element, drive) -> contexts.add(new DriveContext(element, drive)));
        this.drives = List.copyOf(contexts);
    }

    /** Takes over what the changer reports in the drives at start-up: the cartridges stay where they are. */
    void adopt(Inventory inventory) {
        for (Element element : inventory.dataTransfer()) {
            DriveContext context = byElement(element.number());
            if (element.full() && context != null) {
                context.assignedTag = element.volumeTag().orElse(null);
                context.loadedTag = context.assignedTag;
                context.sourceSlot = element.sourceSlot().orElse(0);
            }
        }
    }

    /** Every drive, in data transfer element order. */
    List<DriveContext> all() {
        return drives;
    }

    /**
     * The drive in data transfer element {@code drive}.
     *
     * @throws UnknownElementException the controller drives no such element
     */
    DriveContext drive(int drive) {
        DriveContext context = byElement(drive);
        if (context == null) {
            throw new UnknownElementException("drive " + drive, "the library has no drive " + drive + " (drives "
                    + drives.stream().map(d -> String.valueOf(d.index)).collect(Collectors.joining(", "))
                    + ")");
        }
        return context;
    }

    /** The drive in data transfer element {@code element}, or null when the controller does not drive it. */
    private DriveContext byElement(int element) {
        return drives.stream().filter(d -> d.index == element).findFirst().orElse(null);
    }

    /** Records that {@code context} will hold {@code tag} (null: nothing) once its queued jobs ran. */
    synchronized void assign(DriveContext context, String tag) {
        context.assignedTag = tag;
    }

    /** Sets what runs on a drive's thread after each of its jobs (the cleaning check); it must not throw. */
    void afterEachJob(java.util.function.Consumer<DriveContext> hook) {
        this.afterJob = hook;
    }

    /**
     * Queues maintenance on a drive (a cleaning) behind the work already waiting for it, keeping the drive's assigned
     * volume tag; no job check runs after it. The future fails with a {@link DeviceBusyException} once shutdown began
     * or when the queue is full.
     */
    CompletableFuture<Void> submitMaintenance(DriveContext context, Runnable task) {
        return submit(context, null, JobHandle.NONE, () -> {
            task.run();
            return null;
        }, false, true);
    }

    /** The drive that holds {@code tag}, else the one it is queued for; no reservation is made. */
    synchronized Optional<DriveContext> holding(String tag) {
        return drives.stream().filter(d -> tag.equals(d.loadedTag)).findFirst()
                .or(() -> drives.stream().filter(d -> tag.equals(d.assignedTag)).findFirst());
    }

    /** The volume tags the drives are assigned, in drive order. */
    synchronized List<String> assignedTags() {
        return drives.stream().map(d -> d.assignedTag).filter(Objects::nonNull).toList();
    }

    /** The volume tags of drives with no job queued or running, in drive order. */
    synchronized List<String> idleTags() {
        return drives.stream().filter(d -> d.pending == 0 && d.assignedTag != null).map(d -> d.assignedTag).toList();
    }

    /**
     * The drive for work on {@code tag}: the drive physically holding it (it can be in only one), else the drive it is
     * queued for, else an empty drive, else the least recently used idle drive, else the least busy one. So a cartridge
     * with queued work leaves its drive only after that work, and only when no other drive is empty or idle.
     *
     * <p>The choice is a reservation: the drive counts the work as pending at once, so that a second choice made before
     * the first work is submitted (two callers at the same moment) sees the drive busy and takes another one. The
     * caller passes the drive to {@link #submitChosen}.
     */
    synchronized DriveContext choose(String tag) {
        DriveContext chosen = drives.stream().filter(d -> tag.equals(d.loadedTag)).findFirst()
                .or(() -> drives.stream().filter(d -> tag.equals(d.assignedTag)).findFirst())
                .or(() -> drives.stream().filter(d -> d.assignedTag == null)
                        .min(Comparator.comparingInt((DriveContext d) -> d.pending)))
                .or(() -> drives.stream().filter(d -> d.pending == 0).min(Comparator.comparingLong(d -> d.lastUsed)))
                .orElseGet(() -> drives.stream().min(Comparator.comparingInt((DriveContext d) -> d.pending)).orElseThrow());
        chosen.assignedTag = tag;
        chosen.pending++;
        chosen.lastUsed = ++useClock;
        return chosen;
    }

    /**
     * A second drive for work on {@code tag} while {@code busy} works for the same job (a copy between two drives):
     * the drive holding or assigned {@code tag}, else an empty drive, else an idle one, never {@code busy}; reserved as
     * {@link #choose} reserves. Empty when there is none, or when {@code busy} holds {@code tag} itself.
     */
    synchronized Optional<DriveContext> chooseOther(String tag, DriveContext busy) {
        if (tag.equals(busy.loadedTag) || tag.equals(busy.assignedTag)) {
            return Optional.empty();
        }
        Optional<DriveContext> chosen = drives.stream().filter(d -> d != busy && tag.equals(d.loadedTag)).findFirst()
                .or(() -> drives.stream().filter(d -> d != busy && tag.equals(d.assignedTag)).findFirst())
                .or(() -> drives.stream().filter(d -> d != busy && d.assignedTag == null && d.pending == 0).findFirst())
                .or(() -> drives.stream().filter(d -> d != busy && d.pending == 0).min(Comparator.comparingLong(d -> d.lastUsed)));
        chosen.ifPresent(d -> {
            d.assignedTag = tag;
            d.pending++;
            d.lastUsed = ++useClock;
        });
        return chosen;
    }

    /** {@link #submit} for a drive returned by {@link #choose}, whose reservation this submission takes over. */
    <T> CompletableFuture<T> submitChosen(DriveContext context, String tag, JobHandle job, Supplier<T> task) {
        return submit(context, tag, job, task, true, false);
    }

    /**
     * Queues a task on a drive's thread. A refused submission (queue full, or the controller shutting down) and a task
     * that would start after shutdown began fail {@code job} and the future with a {@link DeviceBusyException}.
     */
    <T> CompletableFuture<T> submit(DriveContext context, String tag, JobHandle job, Supplier<T> task) {
        return submit(context, tag, job, task, false, false);
    }

    private <T> CompletableFuture<T> submit(DriveContext context, String tag, JobHandle job, Supplier<T> task,
                                            boolean reserved, boolean maintenance) {
        synchronized (this) {
            if (!reserved) {
                context.pending++;
            }
            if (closing) {
                context.pending--;
                DeviceBusyException refused = shuttingDown(context);
                job.failed(refused);
                return CompletableFuture.failedFuture(refused);
            }
            context.lastUsed = ++useClock;
            if (tag != null) {
                context.assignedTag = tag;
            }
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    if (closing) {
                        // queued before shutdown began: must not touch the tape after the final unmount
                        DeviceBusyException refused = shuttingDown(context);
                        job.failed(refused);
                        throw refused;
                    }
                    try {
                        return task.get();
                    } finally {
                        if (!maintenance && !closing) {
                            afterJob.accept(context);
                        }
                    }
                } finally {
                    synchronized (this) {
                        context.pending--;
                        context.lastUsed = ++useClock;
                    }
                }
            }, context.executor);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                context.pending--;
            }
            DeviceBusyException refused = closing ? shuttingDown(context) : new DeviceBusyException("drive " + context.index,
                    DriveContext.QUEUE_CAPACITY + " jobs already wait for drive " + context.index + "; try again later");
            job.failed(refused);
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** True once shutdown began. */
    boolean closing() {
        return closing;
    }

    /** From now on every submission and every queued task fails instead of running. */
    synchronized void close() {
        closing = true;
    }

    private static DeviceBusyException shuttingDown(DriveContext context) {
        return new DeviceBusyException("drive " + context.index, "the controller is shutting down; drive " + context.index
                + " takes no more work");
    }
}

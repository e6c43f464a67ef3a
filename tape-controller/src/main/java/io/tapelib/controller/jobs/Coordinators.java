package io.tapelib.controller.jobs;

import io.tapelib.controller.device.DeviceBusyException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scheduler's threads for blocking work that is not a drive's (choosing a migration target, waiting for a drive):
 * at most 16 at a time, none queued, so that a flood of requests is refused at once instead of piling up.
 */
final class Coordinators {

    private static final int MAX_THREADS = 16;

    private final DriveQueues drives;
    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "tape-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    Coordinators(DriveQueues drives) {
        this.drives = drives;
    }

    /**
     * Runs {@code work} on a coordinator thread.
     *
     * @return its future; failed with {@link DeviceBusyException} when the controller is shutting down or all
     *         threads are busy
     */
    <T> CompletableFuture<T> run(Supplier<T> work) {
        if (drives.closing()) {
            return CompletableFuture.failedFuture(new DeviceBusyException("scheduler",
                    "the controller is shutting down; it takes no more work"));
        }
        try {
            return CompletableFuture.supplyAsync(work, threads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new DeviceBusyException("scheduler",
                    "too many requests in progress; try again later"));
        }
    }

    /** Takes no more work; running work finishes. */
    void shutdown() {
        threads.shutdown();
    }
}

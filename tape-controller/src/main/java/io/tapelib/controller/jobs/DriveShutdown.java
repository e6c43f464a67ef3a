package io.tapelib.controller.jobs;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shutdown sequence of the drives, so that no tape is left without its final index: new submissions are refused
 * first, jobs still queued fail when their turn comes (without touching the tape), the running job of each drive
 * finishes, and then every mounted volume is unmounted (final index on both partitions) and the drive threads stop.
 * Drives are drained in parallel, one waiter thread each. Cartridges stay in their drives.
 */
final class DriveShutdown {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final DriveQueues queues;
    private final DriveCartridges cartridges;

    DriveShutdown(DriveQueues queues, DriveCartridges cartridges) {
        this.queues = queues;
        this.cartridges = cartridges;
    }

    /** Runs the sequence; waits at most 15 minutes per drive for its running job, 16 for its final unmount. */
    void run() {
        queues.close();
        List<CompletableFuture<?>> unmounts = new ArrayList<>();
        for (DriveContext context : queues.all()) {
            // the queue is bounded; the final unmount must not be refused because it is full
            CompletableFuture<Void> unmount = new CompletableFuture<>();
            unmounts.add(unmount);
            Thread waiter = new Thread(() -> {
                try {
                    context.executor.shutdown();
                    if (!context.executor.awaitTermination(15, TimeUnit.MINUTES)) {
                        LOG.errorf("drive %d: the running job did not end within 15 minutes", context.index);
                    }
                    cartridges.unmountQuietly(context);
                    unmount.complete(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unmount.completeExceptionally(e);
                }
            }, "tape-shutdown-" + context.index);
            waiter.start();
        }
        for (CompletableFuture<?> unmount : unmounts) {
            try {
                unmount.get(16, TimeUnit.MINUTES);
            } catch (Exception e) {
                LOG.errorf("final unmount did not finish: %s", e.getMessage());
            }
        }
    }
}

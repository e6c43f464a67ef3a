package io.tapelib.controller.jobs;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shutdown sequence of the drives, within a bound (SHUTDOWN_TIMEOUT), so that no tape is left without its final
 * index: new submissions are refused first and the running jobs are cancelled (the stream hand-offs see
 * {@link DriveQueues#closing()}: a migration then writes the index naming its complete files), jobs still queued fail
 * when their turn comes (without touching the tape), and then every mounted volume is unmounted (final index on both
 * partitions) and the drive threads and their hashing threads stop. Drives are drained in parallel, one waiter thread
 * each. Cartridges stay in their drives. A drive that does not finish within the bound is left as it is and logged:
 * its volume is recovered at its next mount.
 */
final class DriveShutdown {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    /** The process's shutdown bound when none is configured (SHUTDOWN_TIMEOUT's default). */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);
    /** Left to Quarkus and the JVM after the drives' share of the bound. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

    private final DriveQueues queues;
    private final DriveCartridges cartridges;
    /** The drives' share of the process's shutdown bound. */
    private final Duration bound;
    private final AtomicBoolean started = new AtomicBoolean();

    /** @param processBound longest time from SIGTERM to the process's exit (SHUTDOWN_TIMEOUT) */
    DriveShutdown(DriveQueues queues, DriveCartridges cartridges, Duration processBound) {
        this.queues = queues;
        this.cartridges = cartridges;
        this.bound = processBound.compareTo(EXIT_MARGIN.multipliedBy(2)) > 0
                ? processBound.minus(EXIT_MARGIN) : processBound.dividedBy(2);
    }

    /** Runs the sequence once (later calls return at once); returns within the drives' share of the bound. */
    void run() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        LOG.infof("shutting down: running jobs are cancelled; the drives have %d s for their final indexes",
                bound.toSeconds());
        long deadline = System.nanoTime() + bound.toNanos();
        queues.close();
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (DriveContext context : queues.all()) {
            // the queue is bounded; the final unmount must not be refused because it is full
            CompletableFuture<Void> done = new CompletableFuture<>();
            drained.add(done);
            Thread waiter = new Thread(() -> drain(context, deadline, done), "tape-shutdown-" + context.index);
            // a drive that outlives the bound must not keep the process alive
            waiter.setDaemon(true);
            waiter.start();
        }
        for (int i = 0; i < drained.size(); i++) {
            try {
                drained.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.errorf("drive %d: no final unmount within the shutdown bound of %s s (SHUTDOWN_TIMEOUT); its volume"
                        + " is recovered at its next mount", queues.all().get(i).index, bound.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.errorf("drive %d: final unmount did not finish: %s", queues.all().get(i).index, e.getMessage());
            }
        }
    }

    private void drain(DriveContext context, long deadline, CompletableFuture<Void> done) {
        try {
            context.executor.shutdown();
            if (!context.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                // the running job holds the drive: unmounting beside it would interleave two writers on one tape
                LOG.errorf("drive %d: the running job did not end within the shutdown bound (SHUTDOWN_TIMEOUT); %s is"
                        + " left without its final index", context.index, context.loadedTag);
                done.complete(null);
                return;
            }
            cartridges.unmountQuietly(context);
            // once the drive's thread ended: until then a job may hash a file's blocks on it
            context.hasher.close();
            done.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
    }
}

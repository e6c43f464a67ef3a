package io.tapelib.gateway.namespace;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic commit of DURABILITY=commit (shared/DESIGN.md section 7), as ext4's journal commit: every
 * COMMIT_INTERVAL one thread ("commit") runs {@link CatalogNamespace#commit}, so a power loss loses at most that
 * interval of writes that no fsync covered; {@link #stop} runs a last commit (unmount). A failed commit is logged
 * and the next one tries again.
 */
public final class Committer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Committer.class.getName());
    /** How long {@link #stop} waits for a commit in progress before the final one. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Runnable commit;
    private final Duration interval;
    private ScheduledExecutorService thread;

    /**
     * @param commit   the commit ({@link CatalogNamespace#commit})
     * @param interval COMMIT_INTERVAL, positive
     */
    public Committer(Runnable commit, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("COMMIT_INTERVAL must be positive, got " + interval);
        }
        this.commit = commit;
        this.interval = interval;
    }

    /** Starts committing every interval. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "commit");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        thread.scheduleWithFixedDelay(this::commitLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the periodic commits and runs a last one on the calling thread (call after the mount is gone, so it
     * covers every write).
     *
     * @throws RuntimeException what the last commit threw
     */
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warning("a commit still runs after " + STOP_WAIT.toSeconds() + " s; committing once more anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        commit.run();
    }

    @Override
    public void close() {
        stop();
    }

    private void commitLogged() {
        try {
            commit.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "commit to stable storage failed (trying again in " + interval.toMillis() + " ms): "
                    + e.getMessage(), e);
        }
    }
}

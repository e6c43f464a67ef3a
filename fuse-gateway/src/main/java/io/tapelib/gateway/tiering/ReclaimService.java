package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.BackupRequests;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ReclaimCatalog;
import io.tapelib.gateway.catalog.ReclaimRecord;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reclaims cartridges (issue 13), one at a time, on a thread of its own: every RECLAIM_INTERVAL it looks for a
 * cartridge past RECLAIM_THRESHOLD ({@link ReclaimPolicy}) and records its reclaim in the catalog; a recorded reclaim
 * (also one started by hand, or one a restart interrupted) runs batch after batch ({@link ReclaimRun}) while the drives
 * are idle: no recall queued or running and no write-back round, so that a recall takes the drive between two batches.
 * A batch that fails (the controller away or crashed) is sent again after a back-off of 1 s doubling to 5 minutes
 * ({@link RetryBackoff}). A reclaim given up (logged) is not chosen again until a start by hand or a restart.
 */
@ApplicationScoped
public class ReclaimService {
    private static final Logger LOG = Logger.getLogger(ReclaimService.class);
    /** How often the reclaim thread looks whether the drives are idle and a reclaim is recorded. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** Longest wait in {@link #stop()} for a batch in flight to end once its call was cancelled. */
    static final Duration STOP_BOUND = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final ReclaimCatalog reclaims;
    private final TapeController controller;
    private final BackupRequests backups;
    private final Clock clock;
    private final ReclaimPolicy policy;
    private final long batchBytes;
    private final Duration interval;
    private final BooleanSupplier drivesIdle;
    private final RetryBackoff backoff = new RetryBackoff();
    private volatile ReclaimRun current;
    /** Cartridges whose reclaim was given up (logged): not chosen again until a start by hand or a restart. */
    private final Set<String> givenUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Instant nextLook = Instant.MIN;
    private ScheduledExecutorService thread;
    /** Each reclaim is a RECLAIM job there (GET /api/v1/jobs). */
    private final GatewayJobs jobs;
    /** The job of {@link #current}; touched by the reclaim thread only. */
    private GatewayJobs.Handle currentJob;

    /** Wires the service; each reclaim is a RECLAIM job in {@code jobs}. Nothing runs before {@link #start()}. */
    @Inject
    public ReclaimService(Catalog catalog, TapeController controller, GatewayConfig config, Clock clock,
                          BackupRequests backups, RecallService recalls, WriteBack writeBack, GatewayJobs jobs) {
        this(catalog, controller, clock, backups, jobs, new ReclaimPolicy(config.reclaimThreshold()),
                config.reclaimBatchBytes(), config.reclaimInterval(), () -> {
                    RecallStatus status = recalls.status();
                    return status.queued() == 0 && status.running().isEmpty() && !writeBack.roundRunning();
                });
    }

    /** As the injected constructor, the settings and the idle question given (tests). */
    ReclaimService(Catalog catalog, TapeController controller, Clock clock, BackupRequests backups,
                   ReclaimPolicy policy, long batchBytes, Duration interval, BooleanSupplier drivesIdle) {
        this(catalog, controller, clock, backups, new GatewayJobs(clock), policy, batchBytes, interval, drivesIdle);
    }

    private ReclaimService(Catalog catalog, TapeController controller, Clock clock, BackupRequests backups,
                           GatewayJobs jobs, ReclaimPolicy policy, long batchBytes, Duration interval,
                           BooleanSupplier drivesIdle) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.reclaims = catalog.reclaims();
        this.controller = controller;
        this.clock = clock;
        this.backups = backups;
        this.policy = policy;
        this.batchBytes = batchBytes;
        this.interval = interval;
        this.drivesIdle = drivesIdle;
    }

    /** Starts the reclaim thread (no-op when it runs). */
    public synchronized void start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reclaim");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the reclaim thread and cancels a batch in flight (its entries stay on the source; the catalog keeps the
     * reclaim, which goes on after the next start). Waits at most {@link #STOP_BOUND}.
     */
    public void stop() {
        ScheduledExecutorService stopped;
        synchronized (this) {
            stopped = thread;
            thread = null;
        }
        if (stopped != null) {
            stopped.shutdownNow();
            try {
                if (!stopped.awaitTermination(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("The reclaim thread did not end within %d s of the stop", STOP_BOUND.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Records a reclaim of {@code volumeTag} on an operator's request, whatever its dead bytes; it runs when the drives
     * are idle and the reclaims recorded before it are done.
     *
     * @return the cartridge's live and dead bytes and live entries now
     * @throws ReclaimRefusedException when the catalog does not know the cartridge ({@code unknown}), or it is not
     *                                 LTFS, is shelved or is being reclaimed already
     * @throws ControllerUnavailableException when the controller does not answer (it tells whether it is shelved)
     */
    public VolumeUse startByHand(String volumeTag) {
        VolumeUse use = reclaims.volumeUse(volumeTag)
                .orElseThrow(() -> new ReclaimRefusedException(true, "no cartridge " + volumeTag + " in the catalog"));
        Optional<String> refusal = policy.refusal(use, controller.library());
        if (refusal.isPresent()) {
            throw new ReclaimRefusedException(false, refusal.get());
        }
        if (!reclaims.start(volumeTag, clock.instant())) {
            throw new ReclaimRefusedException(false, volumeTag + " is being reclaimed already");
        }
        givenUp.remove(volumeTag);
        LOG.infof("Reclaim of %s requested by hand: %d live entries, %d live bytes, %d dead bytes", volumeTag,
                use.liveEntries(), use.liveBytes(), use.deadBytes());
        return use;
    }

    /** The cartridges being reclaimed: the one running with its progress, then those waiting. */
    public List<ReclaimStatus> status() {
        ReclaimRun run = current;
        List<ReclaimStatus> result = new ArrayList<>();
        if (run != null) {
            result.add(run.status());
        }
        for (ReclaimRecord record : reclaims.reclaims()) {
            if (run == null || !record.volumeTag().equals(run.volumeTag())) {
                result.add(new ReclaimStatus(record.volumeTag(), "", 0, 0, 0, 0, record.since()));
            }
        }
        return result;
    }

    /** One look: start a reclaim when one is due, then run batches while the drives are idle. */
    void tick() {
        Instant now = clock.instant();
        if (!backoff.due(now)) {
            return;
        }
        try {
            while (!Thread.currentThread().isInterrupted() && runOneStep()) {
                backoff.succeeded();
            }
        } catch (ControllerUnavailableException e) {
            Duration wait = backoff.failed(now);
            LOG.warnf("Reclaim waits for the controller (the batch is sent again in %d s): %s", wait.toSeconds(),
                    e.getMessage());
        } catch (RuntimeException e) {
            Duration wait = backoff.failed(now);
            LOG.errorf(e, "Reclaim step failed; tried again in %d s", wait.toSeconds());
        }
    }

    /** @return whether a step ran (another may follow at once) */
    boolean runOneStep() {
        List<ReclaimRecord> recorded = reclaims.reclaims();
        if (recorded.isEmpty()) {
            current = null;
            lookForDue(recorded);
            recorded = reclaims.reclaims();
            if (recorded.isEmpty()) {
                return false;
            }
        }
        ReclaimRun running = current;
        ReclaimRun run;
        if (running != null && recorded.stream().anyMatch(r -> r.volumeTag().equals(running.volumeTag()))) {
            run = running;
        } else {
            String tag = recorded.get(0).volumeTag();
            GatewayJobs.Handle job = jobs.submit(GatewayJob.Type.RECLAIM, tag, "reclaim of " + tag);
            currentJob = job;
            run = new ReclaimRun(catalog, controller, backups, clock, batchBytes, recorded.get(0),
                    status -> job.progress(status.bytesDone(), status.totalBytes(), status.filesDone(),
                            status.totalFiles()));
        }
        current = run;
        if (!drivesIdle.getAsBoolean()) {
            return false;
        }
        currentJob.started(run.volumeTag());
        String source = run.volumeTag();
        List<String> others = recorded.stream().map(ReclaimRecord::volumeTag).filter(tag -> !tag.equals(source))
                .toList();
        ReclaimRun.Step step = run.step(others);
        if (step == ReclaimRun.Step.GIVEN_UP) {
            givenUp.add(source);
            currentJob.failed(new IllegalStateException("the reclaim of " + source + " was given up (see the log)"));
        } else if (step == ReclaimRun.Step.FORMATTED) {
            currentJob.succeeded();
        }
        if (step != ReclaimRun.Step.COPIED) {
            current = null;
        }
        return true;
    }

    private void lookForDue(List<ReclaimRecord> recorded) {
        Instant now = clock.instant();
        if (now.isBefore(nextLook)) {
            return;
        }
        nextLook = now.plus(interval);
        Set<String> reclaiming = recorded.stream().map(ReclaimRecord::volumeTag).collect(Collectors.toSet());
        reclaiming.addAll(givenUp);
        List<VolumeUse> uses = reclaims.volumeUse();
        if (uses.stream().noneMatch(policy::due)) {
            return;
        }
        policy.choose(uses, controller.library(), reclaiming).ifPresent(use -> {
            if (reclaims.start(use.volumeTag(), now)) {
                LOG.infof("%s has %d dead bytes of %d (past RECLAIM_THRESHOLD): its reclaim is recorded",
                        use.volumeTag(), use.deadBytes(), use.capacityBytes());
            }
        });
    }
}

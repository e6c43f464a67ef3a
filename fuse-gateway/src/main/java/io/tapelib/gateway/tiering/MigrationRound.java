package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One write-back round with up to {@code parallel} Migrate calls at once (one per drive), each on a worker of the
 * write-back's executor, handed out by the round's {@link MigrationQueue} and answered back to it on the round's
 * own thread (the queue is not shared). Each batch's header claims the pending metadata changes of the tape it
 * names ({@link HeaderChanges}); a batch that leaves the choice to the controller goes beside another such batch
 * only when neither could land on a tape whose changes the other carries.
 *
 * <p>A batch that fails never stops the others: they run to their answer and are recorded, no new batch starts,
 * and the round then throws the first failure (the write-back backs off). Interrupting the round's thread cancels
 * every Migrate call in flight (their files stay dirty).
 */
final class MigrationRound {
    private static final Logger LOG = Logger.getLogger(MigrationRound.class);

    /** Sends one batch: the Migrate call and the catalog's record of its answer; runs on a worker. */
    @FunctionalInterface
    interface BatchMigration {
        /**
         * @param header the batch's pending changes; the migration settles them, the round closes them
         * @return what became of the batch's files, and how many became clean
         * @throws ControllerUnavailableException when the controller is away or fails the call
         */
        Sent migrate(MigrationBatch batch, HeaderChanges header);
    }

    /** A batch's answer: what became of its files and how many became clean. */
    record Sent(BatchOutcome outcome, int cleaned) {
    }

    private final ExecutorService workers;
    private final int parallel;
    private final Duration batchDeadline;
    private final Catalog catalog;
    private final PendingClaims claims;
    private final BatchMigration migration;
    private final Consumer<String> refusingTarget;

    /**
     * @param workers        runs the batches; must take {@code parallel} tasks at once without refusing
     * @param parallel       most batches in flight, at least 1
     * @param batchDeadline  longest wait for one batch's answer (the Migrate call's own deadline and some)
     * @param refusingTarget told of a cartridge named by a batch that the controller refused for good
     */
    MigrationRound(ExecutorService workers, int parallel, Duration batchDeadline, Catalog catalog,
                   PendingClaims claims, BatchMigration migration, Consumer<String> refusingTarget) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.workers = workers;
        this.parallel = parallel;
        this.batchDeadline = batchDeadline;
        this.catalog = catalog;
        this.claims = claims;
        this.migration = migration;
        this.refusingTarget = refusingTarget;
    }

    /**
     * Sends the queue's batches until it is empty or stalled, or a batch failed.
     *
     * @return the number of files made clean
     * @throws ControllerUnavailableException the first batch failure, once the batches in flight were answered; or
     *                                        CANCELLED when the thread was interrupted or a batch passed its deadline
     */
    int run(MigrationQueue queue) {
        CompletionService<Sent> done = new ExecutorCompletionService<>(workers);
        Map<Future<Sent>, InFlight> running = new HashMap<>();
        RuntimeException failure = null;
        int cleaned = 0;
        try {
            while (true) {
                if (failure == null) {
                    handOut(queue, done, running);
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<Sent> answered = done.poll(batchDeadline.toMillis(), TimeUnit.MILLISECONDS);
                if (answered == null) {
                    throw new ControllerUnavailableException("DEADLINE_EXCEEDED",
                            "no Migrate answer within " + batchDeadline.toSeconds() + " s", null);
                }
                InFlight batch = running.remove(answered);
                try {
                    Sent sent = answered.get();
                    queue.settle(batch.batch(), sent.outcome());
                    cleaned += sent.cleaned();
                } catch (ExecutionException e) {
                    queue.failed(batch.batch());
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause());
                    noteRefusal(batch.batch(), cause);
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnavailableException("CANCELLED", "write-back round interrupted", e);
        } finally {
            // interrupting a worker cancels its Migrate call: nothing more of that batch is sent
            running.keySet().forEach(future -> future.cancel(true));
        }
        if (failure != null) {
            throw failure;
        }
        return cleaned;
    }

    private void handOut(MigrationQueue queue, CompletionService<Sent> done, Map<Future<Sent>, InFlight> running) {
        while (running.size() < parallel) {
            Set<String> pending = catalog.pending().oldestByVolume().keySet();
            Set<String> carriedByUnplaced = new HashSet<>();
            boolean unplacedRunning = false;
            for (InFlight batch : running.values()) {
                if (!batch.batch().placed()) {
                    unplacedRunning = true;
                    carriedByUnplaced.addAll(batch.header().volumesWithRows());
                }
            }
            // a batch the controller places could land on a tape whose changes another such batch carries
            boolean unplaced = !unplacedRunning || (carriedByUnplaced.isEmpty() && pending.isEmpty());
            Optional<MigrationBatch> next = queue.next(
                    tag -> !(pending.contains(tag) && claims.claimed(tag)), unplaced);
            if (next.isEmpty()) {
                return;
            }
            MigrationBatch batch = next.get();
            HeaderChanges header = HeaderChanges.claim(catalog, claims, batch.target());
            try {
                Future<Sent> future = done.submit(() -> {
                    try (header) {
                        return migration.migrate(batch, header);
                    }
                });
                running.put(future, new InFlight(batch, header));
            } catch (RejectedExecutionException e) {
                header.close();
                queue.failed(batch);
                throw new ControllerUnavailableException("CANCELLED", "the write-back is stopping", e);
            }
        }
    }

    private void noteRefusal(MigrationBatch batch, RuntimeException cause) {
        boolean refusal = cause instanceof ControllerUnavailableException away ? !away.transientFailure()
                && !"CANCELLED".equals(away.code()) : !(cause instanceof CancellationException);
        if (batch.placed() && refusal) {
            LOG.warnf("The controller refused a batch for %s (%s); this run sends no further batches there",
                    batch.target(), cause.getMessage());
            refusingTarget.accept(batch.target());
        }
    }

    private record InFlight(MigrationBatch batch, HeaderChanges header) {
    }
}

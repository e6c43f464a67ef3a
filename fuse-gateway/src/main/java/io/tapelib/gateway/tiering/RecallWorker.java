package io.tapelib.gateway.tiering;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The worker of one drive: takes the batch {@link CartridgeChoice} picks from the {@link RecallQueue}, reads it
 * ({@link CartridgeRecall}), hands it back (done, or to retry after a back-off while the controller is away), and asks
 * for a fresh view of the library, until it is stopped (interrupted: the Recall call in flight is cancelled) or
 * retired because the library has fewer drives now (it ends after its batch).
 */
final class RecallWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(RecallService.class);
    /** How often an idle worker looks whether it was retired. */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final int id;
    private final RecallQueue queue;
    private final CartridgeRecall reader;
    private final Supplier<LibraryView> library;
    private final Runnable batchEnded;
    private final Runnable beforeChoice;
    private volatile boolean retired;
    private String lastVolume;

    /**
     * @param id         the worker's number, from 0 (one per drive)
     * @param library    the latest view of the library (which cartridges are in drives)
     * @param batchEnded   called after each batch, on this worker's thread (the service refreshes the library then)
     * @param beforeChoice called before each wait for a batch (the service refreshes a view gone stale)
     */
    RecallWorker(int id, RecallQueue queue, CartridgeRecall reader, Supplier<LibraryView> library, Runnable batchEnded,
                 Runnable beforeChoice) {
        this.id = id;
        this.queue = queue;
        this.reader = reader;
        this.library = library;
        this.batchEnded = batchEnded;
        this.beforeChoice = beforeChoice;
    }

    int id() {
        return id;
    }

    /** Ends the worker after its current batch (the library has fewer drives now). */
    void retire() {
        retired = true;
        queue.wakeAll();
    }

    @Override
    public void run() {
        while (!retired && !Thread.currentThread().isInterrupted()) {
            Optional<CartridgeBatch> taken;
            beforeChoice.run();
            try {
                taken = queue.take(id, stillLoaded(lastVolume), library.get().loaded(), IDLE_CHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (taken.isPresent()) {
                serve(taken.get());
            }
        }
    }

    private void serve(CartridgeBatch batch) {
        List<RecallRequest> again = List.of();
        try {
            again = reader.serve(batch);
        } catch (RuntimeException e) {
            // CartridgeRecall ends every file itself; this is a bug's last line of defence, not a path for faults.
            LOG.errorf(e, "Recall worker %d: the batch from %s failed", id, batch.volumeTag());
        } finally {
            if (again.isEmpty()) {
                queue.finished(batch);
            } else {
                Duration backoff = queue.retry(batch, again);
                LOG.debugf("Recall worker %d: %d files of %s wait %s for the controller", id, again.size(),
                        batch.volumeTag(), backoff);
            }
        }
        lastVolume = batch.volumeTag();
        if (!Thread.currentThread().isInterrupted()) {
            batchEnded.run();
        }
    }

    /** The cartridge this worker served last while the library still shows it in a drive; null otherwise. */
    private String stillLoaded(String volumeTag) {
        return volumeTag != null && library.get().loaded().contains(volumeTag) ? volumeTag : null;
    }
}

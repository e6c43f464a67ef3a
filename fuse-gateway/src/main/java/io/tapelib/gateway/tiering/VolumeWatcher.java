package io.tapelib.gateway.tiering;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.controller.ControllerEvent;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.events.OperatorEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Keeps the catalog in step with cartridges written behind the gateway's back while it runs (issue 11, "Rebuild"):
 * watches the controller's events and, when a job mounts a cartridge whose volume UUID or index generation is not
 * the catalog's, indexes it again ({@link StartupIndexer#indexIfChanged}). One thread of its own, which watches
 * again whenever the stream ends and waits for a controller that went away to come back. Mounts made while the
 * controller was away are not seen; the next mount of the cartridge is. It also hands the library to the
 * {@link LibraryShelf} at each connection (GetLibrary) and at each element change (Event.library), so that cartridges
 * leaving and entering it are followed (issue 13); a change between that GetLibrary and the start of the watch is
 * seen at the next change. Every job and library change also goes to the operator's event stream
 * ({@link OperatorEvents}), so that its clients share this one watch.
 */
@ApplicationScoped
public class VolumeWatcher {
    private static final Logger LOG = Logger.getLogger(VolumeWatcher.class);
    /** How long one wait for the controller lasts before the watcher looks at its stop flag again. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(2);
    /** Pause after a watch ended, so that a controller refusing the call at once is not called in a busy loop. */
    static final Duration PAUSE_AFTER_END = Duration.ofMillis(500);
    /** How long {@link #stop} waits for the thread to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final TapeController controller;
    private final StartupIndexer indexer;
    private final CacheStore cache;
    private final LibraryShelf shelf;
    private final Consumer<ControllerEvent> operatorEvents;
    private final AtomicLong watches = new AtomicLong();
    private Thread thread;

    /** Wires the watcher without an operator's event stream (tests); nothing runs before {@link #start}. */
    public VolumeWatcher(TapeController controller, StartupIndexer indexer, CacheStore cache, LibraryShelf shelf) {
        this(controller, indexer, cache, shelf, event -> { });
    }

    /**
     * Wires the watcher; nothing runs before {@link #start}.
     *
     * @param operatorEvents told of every job and library change the controller reports (the operator's event stream,
     *                       {@code GET /api/v1/events}: one watch of the controller serves every client); must not block
     */
    @Inject
    public VolumeWatcher(TapeController controller, StartupIndexer indexer, CacheStore cache, LibraryShelf shelf,
                         OperatorEvents operatorEvents) {
        this(controller, indexer, cache, shelf, (Consumer<ControllerEvent>) operatorEvents);
    }

    private VolumeWatcher(TapeController controller, StartupIndexer indexer, CacheStore cache, LibraryShelf shelf,
                          Consumer<ControllerEvent> operatorEvents) {
        this.operatorEvents = operatorEvents;
        this.shelf = shelf;
        this.controller = controller;
        this.indexer = indexer;
        this.cache = cache;
    }

    /** Starts watching on a thread of its own; does nothing when started already. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "volume-watcher");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops watching (the call is cancelled) and waits up to {@link #STOP_WAIT} for an import in progress. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("The volume watcher did not stop within %s", STOP_WAIT);
        }
        thread = null;
    }

    /** How many times a watch of the controller's events started (the first, then once after each reconnection). */
    public long watchesStarted() {
        return watches.get();
    }

    private void run() {
        boolean away = false;
        while (!Thread.currentThread().isInterrupted()) {
            if (!controller.awaitConnection(CONNECT_WAIT)) {
                continue;
            }
            try {
                shelf.update(controller.library());
                LOG.infof("Watching the controller for mounted cartridges (watch %d)", watches.incrementAndGet());
                away = false;
                controller.watchEvents(this::mounted, shelf::update, operatorEvents);
            } catch (ControllerUnavailableException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (!away) {
                    LOG.infof("The controller's event stream ended (%s); watching again when it answers", e.getMessage());
                    away = true;
                }
            }
            try {
                Thread.sleep(PAUSE_AFTER_END.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void mounted(VolumeSummary volume) {
        indexer.indexIfChanged(volume, stale -> stale.forEach(cache::evict));
    }
}

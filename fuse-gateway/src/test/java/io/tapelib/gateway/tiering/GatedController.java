package io.tapelib.gateway.tiering;

import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.IndexSink;
import io.tapelib.gateway.controller.IndexUpdate;
import io.tapelib.gateway.controller.InMemoryTapeController;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.RecallEvent;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeChanges;
import io.tapelib.gateway.controller.VolumeSummary;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@link InMemoryTapeController} whose Recall calls wait at a gate until the test lets each one through, so that a
 * test sees which calls run at the same time and what queues up behind them. Everything else passes straight through.
 */
final class GatedController implements TapeController {
    private final InMemoryTapeController library;
    private final Semaphore gate = new Semaphore(0);
    /** Volume tags of Recall calls that reached the gate, in order. */
    final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    /** Volume tags of Recall calls in flight now. */
    final List<String> inFlight = new CopyOnWriteArrayList<>();
    private final AtomicLong cutAfter = new AtomicLong(-1);

    GatedController(InMemoryTapeController library) {
        this.library = library;
    }

    /** Lets {@code calls} Recall calls through the gate. */
    void open(int calls) {
        gate.release(calls);
    }

    /**
     * The next Recall call ends as a lost controller ends it (UNAVAILABLE) once it has handed over at least
     * {@code bytes} bytes of chunks.
     */
    void cutNextCallAfter(long bytes) {
        cutAfter.set(bytes);
    }

    /** Lets every Recall call through from now on. */
    void openForGood() {
        gate.release(Integer.MAX_VALUE / 2);
    }

    /** The next Recall call to reach the gate, within 10 s. */
    String nextArrival() throws InterruptedException {
        String tag = arrived.poll(10, TimeUnit.SECONDS);
        if (tag == null) {
            throw new AssertionError("no Recall call reached the controller within 10 s");
        }
        return tag;
    }

    @Override
    public void recall(RecallBatch batch, Consumer<RecallEvent> events) {
        inFlight.add(batch.volumeTag());
        try {
            arrived.add(batch.volumeTag());
            if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate for " + batch.volumeTag());
            }
            long cut = cutAfter.getAndSet(-1);
            library.recall(batch, cut < 0 ? events : cutAfter(cut, events));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tapelib.gateway.controller.ControllerUnavailableException("CANCELLED", "recall interrupted", e);
        } finally {
            inFlight.remove(batch.volumeTag());
        }
    }

    private static Consumer<RecallEvent> cutAfter(long bytes, Consumer<RecallEvent> events) {
        long[] delivered = {0};
        return event -> {
            if (delivered[0] >= bytes) {
                throw new io.tapelib.gateway.controller.ControllerUnavailableException("UNAVAILABLE",
                        "Network closed (the test cut the stream)", null);
            }
            if (event instanceof RecallEvent.Chunk chunk) {
                delivered[0] += chunk.data().remaining();
            }
            events.accept(event);
        };
    }

    @Override
    public boolean awaitConnection(Duration timeout) {
        return library.awaitConnection(timeout);
    }

    @Override
    public LibraryInventory library() {
        return library.library();
    }

    @Override
    public void readIndex(String volumeTag, IndexSink sink) {
        library.readIndex(volumeTag, sink);
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files, List<VolumeChanges> pending) {
        return library.migrate(preferredVolumeTag, files, pending);
    }

    @Override
    public MigrationReport reclaim(io.tapelib.gateway.controller.ReclaimBatch batch,
                                   Consumer<io.tapelib.gateway.controller.ReclaimProgress> progress) {
        return library.reclaim(batch, progress);
    }

    @Override
    public void format(String volumeTag, boolean erase, String expectedUuid) {
        library.format(volumeTag, erase, expectedUuid);
    }

    @Override
    public void watchMountedVolumes(Consumer<VolumeSummary> mounted) {
        library.watchMountedVolumes(mounted);
    }

    @Override
    public IndexUpdate updateIndex(String volumeTag, List<IndexChange> changes) {
        return library.updateIndex(volumeTag, changes);
    }
}

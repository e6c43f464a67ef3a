package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.IndexSink;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.controller.VolumeSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Entries of one ReadIndex call, handed from a reader thread (which runs the gRPC stream) to the catalog
 * import through a bounded queue, so a tape with millions of files never sits in memory whole. Entries travel in
 * groups of {@value #GROUP} (at most {@value #GROUPS} groups queued): a hand-off per entry cost the two threads a
 * lock and often a wake-up each, a million times for a million-file cartridge.
 * {@link #close()} interrupts the reader: a reader blocked on the full queue or on the stream stops, and the
 * stream is cancelled (the controller port cancels a read whose sink throws), so no thread stays blocked
 * and the controller frees the drive. Used by one importing thread.
 */
final class IndexHandOff implements Iterator<TapeEntry>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IndexHandOff.class);
    private static final Object END = new Object();
    /** How long {@link #close()} waits for the reader thread to end. */
    private static final Duration READER_STOP = Duration.ofSeconds(10);

    private final String volumeTag;
    /** Entries per hand-off. */
    private static final int GROUP = 256;
    /** Groups queued at most: the queue holds at most GROUP * GROUPS entries. */
    private static final int GROUPS = 16;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(GROUPS);
    private final Thread reader;
    /** The reader thread's group being filled. */
    private List<TapeEntry> filling = new ArrayList<>(GROUP);
    /** The importing thread's group being taken, and its next position. */
    private List<TapeEntry> taking = List.of();
    private int taken;
    private Object next;

    /**
     * Starts the reader thread.
     *
     * @param source runs the stream, handing the volume and each entry to the sink it is given; throws when
     *               the stream fails or the sink throws
     */
    IndexHandOff(String volumeTag, Consumer<IndexSink> source) {
        this.volumeTag = volumeTag;
        this.reader = new Thread(() -> fill(source), "index-" + volumeTag);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill(Consumer<IndexSink> source) {
        try {
            source.accept(new IndexSink() {
                @Override
                public void volume(VolumeSummary volume) {
                    handOver();
                    put(volume);
                }

                @Override
                public void entry(TapeIndexEntry entry) {
                    filling.add(IndexEntries.entry(entry));
                    if (filling.size() == GROUP) {
                        handOver();
                    }
                }
            });
            handOver();
            put(END);
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                try {
                    // the entries received before the failure go first, as they came
                    if (!filling.isEmpty()) {
                        queue.put(filling);
                    }
                    queue.put(e);
                } catch (InterruptedException interrupted) {
                    // closed meanwhile: nobody waits for the failure
                }
            }
        }
    }

    private void handOver() {
        if (!filling.isEmpty()) {
            put(filling);
            filling = new ArrayList<>(GROUP);
        }
    }

    private void put(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("indexing " + volumeTag + " was stopped", e);
        }
    }

    /**
     * The volume, the stream's first message.
     *
     * @throws ControllerUnavailableException when the stream failed or did not start with a volume
     */
    VolumeRecord volume(Clock clock) {
        Object first = take();
        if (first instanceof VolumeSummary volume) {
            return IndexEntries.volume(volume, clock.instant());
        }
        throw failure(first, "the controller sent no volume first");
    }

    /** @throws ControllerUnavailableException when the stream failed before its end */
    @Override
    public boolean hasNext() {
        while (taken == taking.size()) {
            if (next == null) {
                next = take();
            }
            if (next == END) {
                return false;
            }
            if (!(next instanceof List<?> group)) {
                throw failure(next, "unexpected index message");
            }
            @SuppressWarnings("unchecked")
            List<TapeEntry> entries = (List<TapeEntry>) group;
            taking = entries;
            taken = 0;
            next = null;
        }
        return true;
    }

    @Override
    public TapeEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return taking.get(taken++);
    }

    /** Stops the reader (cancelling the stream if it still runs) and waits up to 10 s for it to end. */
    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join(READER_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            LOG.warnf("The index reader of %s did not stop within %d s", volumeTag, READER_STOP.toSeconds());
        }
    }

    /** Whether the reader thread has ended. */
    boolean readerStopped() {
        return !reader.isAlive();
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing " + volumeTag, e);
        }
    }

    private RuntimeException failure(Object item, String otherwise) {
        if (item instanceof RuntimeException e) {
            return e;
        }
        return new ControllerUnavailableException("INTERNAL", volumeTag + ": " + otherwise, null);
    }
}

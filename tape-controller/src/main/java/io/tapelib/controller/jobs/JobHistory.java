package io.tapelib.controller.jobs;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.tapelib.controller.changer.Inventory;

/**
 * The jobs of this controller process, newest first, bounded in memory ({@value #CAPACITY} jobs; older
 * finished jobs are dropped). Listeners see every state change, mount listeners every volume a job mounts
 * (what the gateway re-indexes by), and library listeners every changed element state (a move, load, unload, import,
 * export, or an inventory that found a change); they run on the job's own thread and must not block.
 */
@ApplicationScoped
public class JobHistory {

    /** How many jobs the history keeps. */
    public static final int CAPACITY = 1000;

    private final Clock clock = Clock.systemUTC();
    private final Map<Long, JobRecord> jobs = new LinkedHashMap<>();
    private final List<Consumer<JobRecord>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<VolumeSummary>> mountListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Inventory>> libraryListeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    /**
     * Records a new QUEUED job.
     *
     * @param type      what the job does
     * @param volumeTag the cartridge, or null when not yet known
     * @param drive     the drive it runs on
     */
    public JobHandle submit(JobType type, String volumeTag, int drive) {
        JobRecord record;
        synchronized (this) {
            record = new JobRecord(nextId++, type, JobState.QUEUED, Optional.ofNullable(volumeTag), drive, clock.instant(),
                    Optional.empty(), Optional.empty(), 0, Optional.empty(), JobProgress.NONE);
            jobs.put(record.id(), record);
            dropOldest();
        }
        publish(record);
        return new Handle(record.id());
    }

    /**
     * The newest jobs first.
     *
     * @param limit at most this many; 0 or less for all kept jobs
     */
    public synchronized List<JobRecord> newestFirst(int limit) {
        Deque<JobRecord> newest = new ArrayDeque<>();
        jobs.values().forEach(newest::addFirst);
        List<JobRecord> result = new ArrayList<>(newest);
        return limit > 0 && limit < result.size() ? List.copyOf(result.subList(0, limit)) : List.copyOf(result);
    }

    /** One job by id. */
    public synchronized Optional<JobRecord> find(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /**
     * Registers a listener for every job state change.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable listen(Consumer<JobRecord> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Registers a listener for volumes mounted by a job (a cartridge loaded and its LTFS index read); it runs on the
     * drive's thread and must not block.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable listenMounts(Consumer<VolumeSummary> listener) {
        mountListeners.add(listener);
        return () -> mountListeners.remove(listener);
    }

    /** Tells the mount listeners that a job mounted {@code volume} and read its index. */
    void volumeMounted(VolumeSummary volume) {
        for (Consumer<VolumeSummary> listener : mountListeners) {
            listener.accept(volume);
        }
    }

    /**
     * Registers a listener for the library's elements after any change; it runs under the robot lock on the thread
     * that moved or read the elements, in the order of the changes, and must not block.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable listenLibrary(Consumer<Inventory> listener) {
        libraryListeners.add(listener);
        return () -> libraryListeners.remove(listener);
    }

    /** Tells the library listeners the elements as they are after a change. */
    void libraryChanged(Inventory inventory) {
        for (Consumer<Inventory> listener : libraryListeners) {
            listener.accept(inventory);
        }
    }

    private void dropOldest() {
        Iterator<JobRecord> oldestFirst = jobs.values().iterator();
        while (jobs.size() > CAPACITY && oldestFirst.hasNext()) {
            JobRecord oldest = oldestFirst.next();
            if (oldest.state() == JobState.SUCCEEDED || oldest.state() == JobState.FAILED) {
                oldestFirst.remove();
            }
        }
    }

    private void update(long id, java.util.function.UnaryOperator<JobRecord> change) {
        JobRecord updated;
        synchronized (this) {
            JobRecord current = jobs.get(id);
            if (current == null) {
                return;
            }
            updated = change.apply(current);
            jobs.put(id, updated);
        }
        publish(updated);
    }

    private void publish(JobRecord record) {
        for (Consumer<JobRecord> listener : listeners) {
            listener.accept(record);
        }
    }

    private final class Handle implements JobHandle {
        private final long id;
        private long bytes;

        Handle(long id) {
            this.id = id;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void started() {
            Instant now = clock.instant();
            update(id, j -> new JobRecord(j.id(), j.type(), JobState.RUNNING, j.volumeTag(), j.drive(), j.submitted(),
                    Optional.of(now), j.finished(), j.bytes(), j.error(), j.progress()));
        }

        @Override
        public void volumeTag(String volumeTag) {
            update(id, j -> new JobRecord(j.id(), j.type(), j.state(), Optional.of(volumeTag), j.drive(), j.submitted(),
                    j.started(), j.finished(), j.bytes(), j.error(), j.progress()));
        }

        @Override
        public void addBytes(long count) {
            bytes += count;
            long total = bytes;
            update(id, j -> new JobRecord(j.id(), j.type(), j.state(), j.volumeTag(), j.drive(), j.submitted(),
                    j.started(), j.finished(), total, j.error(), j.progress()));
        }

        @Override
        public void progress(JobProgress progress) {
            update(id, j -> new JobRecord(j.id(), j.type(), j.state(), j.volumeTag(), j.drive(), j.submitted(),
                    j.started(), j.finished(), j.bytes(), j.error(), progress));
        }

        @Override
        public void succeeded() {
            Instant now = clock.instant();
            update(id, j -> new JobRecord(j.id(), j.type(), JobState.SUCCEEDED, j.volumeTag(), j.drive(), j.submitted(),
                    j.started(), Optional.of(now), j.bytes(), j.error(), j.progress()));
        }

        @Override
        public void failed(Throwable error) {
            Instant now = clock.instant();
            String message = String.valueOf(error.getMessage());
            update(id, j -> new JobRecord(j.id(), j.type(), JobState.FAILED, j.volumeTag(), j.drive(), j.submitted(),
                    j.started(), Optional.of(now), j.bytes(), Optional.of(message), j.progress()));
        }
    }
}

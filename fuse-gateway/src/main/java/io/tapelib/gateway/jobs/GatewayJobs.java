package io.tapelib.gateway.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The gateway's own jobs (write-back, recall, rebuild, reclaim), newest kept: {@code GET /api/v1/jobs}, the console's
 * job list and the event stream read it. Bounded: at most {@value #CAPACITY} jobs are kept, the oldest ended ones are
 * dropped first. Thread-safe; listeners run on the thread that changed the job and must not block.
 */
public final class GatewayJobs {
    /** Jobs kept (queued and running ones are never dropped). */
    public static final int CAPACITY = 1000;

    private final Clock clock;
    private final Map<Long, GatewayJob> jobs = new LinkedHashMap<>();
    private final List<Consumer<GatewayJob>> listeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    public GatewayJobs(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a new QUEUED job.
     *
     * @param volumeTag the cartridge, or null when not known yet
     * @param subject   one line for the operator (a path, a directory); null is stored as ""
     * @return the handle that moves the job along
     */
    public Handle submit(GatewayJob.Type type, String volumeTag, String subject) {
        GatewayJob job;
        synchronized (this) {
            job = new GatewayJob(nextId++, type, GatewayJob.State.QUEUED, volumeTag, subject == null ? "" : subject,
                    clock.instant(), null, null, 0, 0, 0, 0, null);
            jobs.put(job.id(), job);
            dropOldest();
        }
        publish(job);
        return new Handle(job.id());
    }

    /**
     * Runs {@code work} as one job on the calling thread: submitted and started now, SUCCEEDED when it returns, FAILED
     * when it throws (the exception is rethrown as it was).
     */
    public <T> T run(GatewayJob.Type type, String volumeTag, String subject, Function<Handle, T> work) {
        Handle job = submit(type, volumeTag, subject);
        job.started(null);
        try {
            T result = work.apply(job);
            job.succeeded();
            return result;
        } catch (RuntimeException | Error e) {
            job.failed(e);
            throw e;
        }
    }

    /** At most {@code limit} jobs, newest first. @throws IllegalArgumentException when limit is below 1 */
    public synchronized List<GatewayJob> newestFirst(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<GatewayJob> all = new ArrayList<>(jobs.values());
        List<GatewayJob> newest = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
            newest.add(all.get(i));
        }
        return newest;
    }

    /**
     * Registers a listener told of every change of every job (the job as it is after the change).
     *
     * @return closing it removes the listener
     */
    public AutoCloseable listen(Consumer<GatewayJob> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void dropOldest() {
        Iterator<GatewayJob> oldestFirst = jobs.values().iterator();
        while (jobs.size() > CAPACITY && oldestFirst.hasNext()) {
            if (oldestFirst.next().ended()) {
                oldestFirst.remove();
            }
        }
    }

    private void update(long id, UnaryOperator<GatewayJob> change) {
        GatewayJob updated;
        synchronized (this) {
            GatewayJob current = jobs.get(id);
            if (current == null || current.ended()) {
                return;
            }
            updated = change.apply(current);
            jobs.put(id, updated);
        }
        publish(updated);
    }

    private void publish(GatewayJob job) {
        for (Consumer<GatewayJob> listener : listeners) {
            listener.accept(job);
        }
    }

    /** Moves one job along; calls after the job ended are ignored. */
    public final class Handle {
        private final long id;

        private Handle(long id) {
            this.id = id;
        }

        public long id() {
            return id;
        }

        /** The job is RUNNING (on its cartridge, when known); called again, it names the cartridge learnt since. */
        public void started(String volumeTag) {
            Instant now = clock.instant();
            update(id, j -> new GatewayJob(j.id(), j.type(), GatewayJob.State.RUNNING,
                    volumeTag == null ? j.volumeTag() : volumeTag, j.subject(), j.submitted(),
                    j.started() == null ? now : j.started(), null, j.bytes(),
                    j.totalBytes(), j.files(), j.totalFiles(), null));
        }

        /** Progress so far: bytes and files done, and the totals (0: unknown). */
        public void progress(long bytes, long totalBytes, int files, int totalFiles) {
            update(id, j -> new GatewayJob(j.id(), j.type(), j.state(), j.volumeTag(), j.subject(), j.submitted(),
                    j.started(), null, bytes, totalBytes, files, totalFiles, null));
        }

        /** The job ended well. */
        public void succeeded() {
            Instant now = clock.instant();
            update(id, j -> new GatewayJob(j.id(), j.type(), GatewayJob.State.SUCCEEDED, j.volumeTag(), j.subject(),
                    j.submitted(), j.started() == null ? now : j.started(), now, j.bytes(), j.totalBytes(), j.files(),
                    j.totalFiles(), null));
        }

        /** The job ended with an error (its message is kept). */
        public void failed(Throwable error) {
            Instant now = clock.instant();
            String message = error == null ? "failed" : String.valueOf(error.getMessage());
            update(id, j -> new GatewayJob(j.id(), j.type(), GatewayJob.State.FAILED, j.volumeTag(), j.subject(),
                    j.submitted(), j.started() == null ? now : j.started(), now, j.bytes(), j.totalBytes(), j.files(),
                    j.totalFiles(), message));
        }
    }
}

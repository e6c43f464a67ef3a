package io.tapelib.gateway.tiering;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.cache.RecallTarget;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ShelvedVolumes;
import io.tapelib.gateway.namespace.RecallPriority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Recalls that wait for a shelved cartridge (issue 13, "Shelved cartridges"), and the import requests they raise.
 * A recall (a read, an O_NONBLOCK open, {@code user.tapelib.recall}, a bulk recall) of a file whose current copies are
 * all on shelved cartridges ({@link ShelvedVolumes}) is parked here instead of the recall queue: no drive can read it.
 * The first parked recall of a cartridge raises its import request: one log line naming the volume tag and the file,
 * an entry of {@link #status()} ({@code GET /api/v1/status} "importRequests") and the gauge
 * {@value #GAUGE} (cartridges asked for).
 *
 * <p>A parked recall waits until its deadline (RECALL_TIMEOUT after it was asked for): when one of its cartridges comes
 * back, {@link #returned} hands it back to be queued as any other; at the deadline it is failed in the cache (its
 * readers get EIO, the same as a recall timeout; a later read asks again). An import request lasts while recalls wait
 * for the cartridge: it clears when the cartridge is back, or when its last waiting recall passed its deadline
 * (nobody waits any more; the next read raises it again, with a new log line). Bounded: at most {@code capacity}
 * recalls wait; more are refused. Thread-safe: one lock.
 */
@ApplicationScoped
public class ImportRequests {
    private static final Logger LOG = Logger.getLogger(ImportRequests.class);
    /** The gauge of cartridges asked for. */
    static final String GAUGE = "tapelib.import.requests";

    /**
     * A recall waiting for a cartridge to come back.
     *
     * @param inode    the file
     * @param tapes    the shelved cartridges holding its current content (any of them coming back serves it)
     * @param priority who asked for it
     * @param deadline when it gives up
     */
    public record Parked(long inode, List<String> tapes, RecallPriority priority, Instant deadline) {
    }

    private record Request(Instant since, Set<Long> inodes) {
    }

    private final Catalog catalog;
    private final ShelvedVolumes shelves;
    private final RecallTarget target;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Request> requests = new LinkedHashMap<>();
    private final Map<Long, Parked> parked = new HashMap<>();
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "import-request-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** Wires the requests with room for {@link RecallService#QUEUE_CAPACITY} waiting recalls; registers the gauge. */
    @Inject
    public ImportRequests(Catalog catalog, CacheStore cache, Clock clock, MeterRegistry registry) {
        this(catalog, cache, clock, registry, RecallService.QUEUE_CAPACITY);
    }

    /** @param capacity most recalls parked at once */
    ImportRequests(Catalog catalog, CacheStore cache, Clock clock, MeterRegistry registry, int capacity) {
        this.catalog = catalog;
        this.shelves = catalog.shelvedVolumes();
        this.target = cache.recallTarget();
        this.clock = clock;
        this.capacity = capacity;
        deadlines.setRemoveOnCancelPolicy(true);
        Gauge.builder(GAUGE, this, ImportRequests::count)
                .description("Shelved cartridges that recalls wait for (import requests)").register(registry);
    }

    /**
     * Parks the recall of {@code inode} when every cartridge holding its current content is shelved; joins the one
     * parked already for the file (more urgent priority, later deadline).
     *
     * @return empty when the file's content is on a cartridge in the library (queue it as usual); QUEUED or JOINED
     *         when parked; FULL when {@code capacity} recalls wait already (not parked)
     */
    public Optional<RecallQueue.Admission> park(long inode, RecallPriority priority, Instant deadline) {
        if (shelves.none()) {
            return Optional.empty();
        }
        List<String> tapes = catalog.copies().currentVolumes(inode);
        String raised;
        synchronized (this) {
            // checked under the lock that returned() takes after unshelving, so that no recall parks for a cartridge
            // that just came back
            if (!shelves.allShelved(tapes)) {
                return Optional.empty();
            }
            Parked existing = parked.get(inode);
            if (existing != null) {
                parked.put(inode, new Parked(inode, existing.tapes(),
                        priority.compareTo(existing.priority()) < 0 ? priority : existing.priority(),
                        deadline.isAfter(existing.deadline()) ? deadline : existing.deadline()));
                scheduleDeadline(inode, deadline);
                return Optional.of(RecallQueue.Admission.JOINED);
            }
            if (parked.size() >= capacity) {
                return Optional.of(RecallQueue.Admission.FULL);
            }
            parked.put(inode, new Parked(inode, tapes, priority, deadline));
            raised = null;
            for (String tape : tapes) {
                Request request = requests.get(tape);
                if (request == null) {
                    request = new Request(clock.instant(), new LinkedHashSet<>());
                    requests.put(tape, request);
                    raised = raised == null ? tape : raised + ", " + tape;
                }
                request.inodes().add(inode);
            }
            scheduleDeadline(inode, deadline);
        }
        if (raised != null) {
            LOG.warnf("Import request: %s waits for cartridge %s, which is shelved (in a mail slot or out of the"
                            + " library); put it in a mail slot and import it within %s (POST /api/v1/import on the"
                            + " controller)", catalog.pathOf(inode).orElse("inode " + inode), raised,
                    Duration.between(clock.instant(), deadline).toSeconds() + " s");
        }
        return Optional.of(RecallQueue.Admission.QUEUED);
    }

    /**
     * The cartridge is back in the library: its import request clears, and the recalls parked for it are returned,
     * to be queued as any other (those whose file waited on other shelved cartridges too leave their requests).
     */
    public synchronized List<Parked> returned(String volumeTag) {
        Request request = requests.remove(volumeTag);
        if (request == null) {
            return List.of();
        }
        List<Parked> back = new ArrayList<>();
        for (Long inode : request.inodes()) {
            Parked recall = parked.remove(inode);
            if (recall != null) {
                back.add(recall);
                leaveOtherRequests(recall, volumeTag);
            }
        }
        LOG.infof("Import request for %s cleared: it is back in the library; %d waiting recall(s) go on", volumeTag,
                back.size());
        return back;
    }

    /**
     * A reader now waits on a recall parked at a lower priority: it goes on at {@code priority} when its cartridge is
     * back.
     *
     * @return whether a recall of the file was parked
     */
    public synchronized boolean raise(long inode, RecallPriority priority) {
        Parked recall = parked.get(inode);
        if (recall == null) {
            return false;
        }
        if (priority.compareTo(recall.priority()) < 0) {
            parked.put(inode, new Parked(inode, recall.tapes(), priority, recall.deadline()));
        }
        return true;
    }

    /** The open import requests, oldest first. */
    public synchronized List<ImportRequest> status() {
        return requests.entrySet().stream()
                .map(e -> new ImportRequest(e.getKey(), e.getValue().since(), e.getValue().inodes().size()))
                .sorted(java.util.Comparator.comparing(ImportRequest::since).thenComparing(ImportRequest::volumeTag))
                .toList();
    }

    /** Cartridges asked for now (the gauge). */
    public synchronized int count() {
        return requests.size();
    }

    /** Whether a recall of the file waits for a shelved cartridge. */
    public synchronized boolean isParked(long inode) {
        return parked.containsKey(inode);
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
    }

    private void scheduleDeadline(long inode, Instant deadline) {
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
        deadlines.schedule(() -> expire(inode), delay, TimeUnit.NANOSECONDS);
    }

    /** The parked recall's deadline may have passed: it gives up (unless a later request moved its deadline). */
    private void expire(long inode) {
        Parked gone;
        synchronized (this) {
            gone = parked.get(inode);
            if (gone == null) {
                return;
            }
            if (gone.deadline().isAfter(clock.instant())) {
                // a later request moved the deadline, or the timer fired a little early against the clock
                scheduleDeadline(inode, gone.deadline());
                return;
            }
            parked.remove(inode);
            leaveOtherRequests(gone, null);
        }
        String tapes = String.join(", ", gone.tapes());
        LOG.infof("The recall of %s gave up waiting for shelved cartridge %s", catalog.pathOf(inode)
                .orElse("inode " + inode), tapes);
        target.fail(inode, "cartridge " + tapes + " is shelved (not in the library) and was not imported in time");
    }

    /** Removes the recall from the requests of its cartridges but {@code except}; a request left empty clears. */
    private void leaveOtherRequests(Parked recall, String except) {
        for (String tape : recall.tapes()) {
            if (tape.equals(except)) {
                continue;
            }
            Request request = requests.get(tape);
            if (request != null && request.inodes().remove(recall.inode()) && request.inodes().isEmpty()) {
                requests.remove(tape);
                LOG.infof("Import request for %s cleared: no recall waits for it any more", tape);
            }
        }
    }
}

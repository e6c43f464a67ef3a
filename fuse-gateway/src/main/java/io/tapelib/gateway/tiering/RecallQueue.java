package io.tapelib.gateway.tiering;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one bounded queue of recall requests (readers, bulk recalls, prefetch), grouped by cartridge. A request for a
 * file already waiting joins it (raising its priority); a worker takes all that waits for one cartridge at once
 * ({@link #take}), in tape order, and no other worker gets that cartridge until the batch is {@link #finished} or
 * handed back for a {@link #retry} after a back-off. Thread-safe: one lock, one condition for the workers.
 */
final class RecallQueue {
    /** Back-off after the first failed call for a cartridge (the controller away). */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** Longest back-off between two calls for a cartridge. */
    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);

    /** How a request was taken in. */
    enum Admission {
        /** A new request in the queue. */
        QUEUED,
        /** The file was already waiting: the requests are one now. */
        JOINED,
        /** The queue is at its bound: not queued. */
        FULL,
        /** No tape holds the file's current content: nothing to queue. */
        NOT_ON_TAPE
    }

    /** The queue as it stands: for status and estimates. */
    record Snapshot(List<CartridgeBatch> serving, Map<String, List<RecallRequest>> waiting) {
        /** Requests waiting, not yet taken by a worker. */
        int queued() {
            return waiting.values().stream().mapToInt(List::size).sum();
        }
    }

    private record Retry(Instant notBefore, Duration backoff) {
    }

    private final int capacity;
    private final Clock clock;
    private final CartridgeChoice choice;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting requests per cartridge, each in arrival order. */
    private final Map<String, Map<Long, RecallRequest>> waiting = new LinkedHashMap<>();
    /** The cartridge each waiting file is queued for. */
    private final Map<Long, String> volumeOf = new HashMap<>();
    private final Map<String, CartridgeBatch> serving = new HashMap<>();
    private final Map<String, Retry> retries = new HashMap<>();

    /**
     * @param capacity most requests waiting at once; more are refused ({@link Admission#FULL})
     * @param choice   which cartridge a worker serves next
     */
    RecallQueue(int capacity, Clock clock, CartridgeChoice choice) {
        this.capacity = capacity;
        this.clock = clock;
        this.choice = choice;
    }

    /** Queues a request, or joins the one waiting for the same file. */
    Admission offer(RecallRequest request) {
        return offerAll(List.of(request)).get(0);
    }

    /** Queues requests at once, so that no worker takes a cartridge before all of them are in; one answer each. */
    List<Admission> offerAll(List<RecallRequest> requests) {
        lock.lock();
        try {
            List<Admission> admissions = new ArrayList<>(requests.size());
            for (RecallRequest request : requests) {
                admissions.add(add(request));
            }
            changed.signalAll();
            return admissions;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Raises the priority of the file's waiting request, if one waits (a file whose batch runs already needs nothing).
     *
     * @return whether a request for the file was waiting
     */
    boolean raise(long inode, RecallPriority priority) {
        lock.lock();
        try {
            String queuedFor = volumeOf.get(inode);
            if (queuedFor == null) {
                return false;
            }
            waiting.get(queuedFor).computeIfPresent(inode, (id, existing) -> existing.priority().compareTo(priority) <= 0
                    ? existing : new RecallRequest(id, existing.volumeTag(), existing.partition(), existing.block(),
                    existing.bytes(), priority, existing.arrived(), existing.deadline()));
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the cartridge has requests waiting or a worker serving it. */
    boolean hasWork(String volumeTag) {
        lock.lock();
        try {
            return serving.containsKey(volumeTag) || !waiting.getOrDefault(volumeTag, Map.of()).isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes everything waiting for the cartridge {@link CartridgeChoice} picks for this worker, waiting at most
     * {@code wait} for one to become eligible (not served by another worker, not backing off).
     *
     * @param worker     the worker asking
     * @param lastVolume the cartridge it served last (in its drive), null when none
     * @param loaded     volume tags the library has in drives now
     * @return the batch, its requests in tape order; empty when none became eligible within {@code wait}
     * @throws InterruptedException when the worker is stopped
     */
    Optional<CartridgeBatch> take(int worker, String lastVolume, Set<String> loaded, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                Instant now = clock.instant();
                List<CartridgeChoice.Candidate> candidates = new ArrayList<>();
                Duration untilRetry = null;
                for (Map.Entry<String, Map<Long, RecallRequest>> cartridge : waiting.entrySet()) {
                    String tag = cartridge.getKey();
                    if (cartridge.getValue().isEmpty() || serving.containsKey(tag)) {
                        continue;
                    }
                    Retry retry = retries.get(tag);
                    if (retry != null && retry.notBefore().isAfter(now)) {
                        Duration left = Duration.between(now, retry.notBefore());
                        untilRetry = untilRetry == null || left.compareTo(untilRetry) < 0 ? left : untilRetry;
                        continue;
                    }
                    candidates.add(candidate(tag, cartridge.getValue().values(), tag.equals(lastVolume),
                            loaded.contains(tag)));
                }
                Optional<CartridgeChoice.Candidate> chosen = choice.choose(candidates, now);
                if (chosen.isPresent()) {
                    return Optional.of(takeAll(worker, chosen.get(), now));
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(untilRetry == null ? remaining : Math.min(remaining, Math.max(1, untilRetry.toNanos())));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The worker is done with the batch (each file delivered or failed): its cartridge may be taken again. */
    void finished(CartridgeBatch batch) {
        lock.lock();
        try {
            serving.remove(batch.volumeTag(), batch);
            retries.remove(batch.volumeTag());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The controller could not be reached for the batch: {@code again} wait again, the cartridge not before a back-off
     * (250 ms after the first failure, doubling up to 5 s) so that an absent controller is not called in a loop.
     *
     * @return the back-off
     */
    Duration retry(CartridgeBatch batch, List<RecallRequest> again) {
        lock.lock();
        try {
            serving.remove(batch.volumeTag(), batch);
            Retry previous = retries.get(batch.volumeTag());
            Duration backoff = previous == null ? FIRST_BACKOFF
                    : previous.backoff().multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF
                    : previous.backoff().multipliedBy(2);
            retries.put(batch.volumeTag(), new Retry(clock.instant().plus(backoff), backoff));
            for (RecallRequest request : again) {
                Map<Long, RecallRequest> cartridge = waiting.computeIfAbsent(request.volumeTag(), t -> new LinkedHashMap<>());
                cartridge.merge(request.inode(), request, RecallRequest::joinedBy);
                volumeOf.put(request.inode(), request.volumeTag());
            }
            changed.signalAll();
            return backoff;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the requests waiting for one cartridge (it left the library: they wait for an import or
     * go to another copy); a batch of it being read already is left alone.
     */
    List<RecallRequest> withdraw(String volumeTag) {
        lock.lock();
        try {
            Map<Long, RecallRequest> cartridge = waiting.remove(volumeTag);
            if (cartridge == null) {
                return List.of();
            }
            cartridge.keySet().forEach(volumeOf::remove);
            retries.remove(volumeTag);
            changed.signalAll();
            return new ArrayList<>(cartridge.values());
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every waiting request (at stop: their readers are failed). */
    List<RecallRequest> drain() {
        lock.lock();
        try {
            List<RecallRequest> all = new ArrayList<>();
            waiting.values().forEach(cartridge -> all.addAll(cartridge.values()));
            waiting.clear();
            volumeOf.clear();
            changed.signalAll();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker (to notice it was retired). */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the queue as it stands. */
    Snapshot snapshot() {
        lock.lock();
        try {
            Map<String, List<RecallRequest>> copy = new LinkedHashMap<>();
            waiting.forEach((tag, cartridge) -> {
                if (!cartridge.isEmpty()) {
                    copy.put(tag, List.copyOf(cartridge.values()));
                }
            });
            return new Snapshot(List.copyOf(serving.values()), copy);
        } finally {
            lock.unlock();
        }
    }

    private Admission add(RecallRequest request) {
        String queuedFor = volumeOf.get(request.inode());
        if (queuedFor != null) {
            waiting.get(queuedFor).computeIfPresent(request.inode(), (inode, existing) -> existing.joinedBy(request));
            return Admission.JOINED;
        }
        if (volumeOf.size() >= capacity) {
            return Admission.FULL;
        }
        waiting.computeIfAbsent(request.volumeTag(), t -> new LinkedHashMap<>()).put(request.inode(), request);
        volumeOf.put(request.inode(), request.volumeTag());
        return Admission.QUEUED;
    }

    private static CartridgeChoice.Candidate candidate(String tag, Iterable<RecallRequest> requests, boolean current,
                                                       boolean loaded) {
        RecallRequest bestOldest = null;
        Instant oldest = null;
        for (RecallRequest request : requests) {
            if (oldest == null || request.arrived().isBefore(oldest)) {
                oldest = request.arrived();
            }
            if (bestOldest == null || request.priority().compareTo(bestOldest.priority()) < 0
                    || (request.priority() == bestOldest.priority() && request.arrived().isBefore(bestOldest.arrived()))) {
                bestOldest = request;
            }
        }
        return new CartridgeChoice.Candidate(tag, bestOldest.priority(), bestOldest.arrived(), oldest, current, loaded);
    }

    private CartridgeBatch takeAll(int worker, CartridgeChoice.Candidate chosen, Instant now) {
        Map<Long, RecallRequest> cartridge = waiting.remove(chosen.volumeTag());
        List<RecallRequest> requests = new ArrayList<>(cartridge.values());
        requests.forEach(request -> volumeOf.remove(request.inode()));
        requests.sort(RecallRequest::alongTape);
        CartridgeBatch batch = new CartridgeBatch(worker, chosen.volumeTag(), requests, now, chosen.loaded());
        serving.put(chosen.volumeTag(), batch);
        return batch;
    }
}

package io.tapelib.gateway.tiering;

import io.tapelib.gateway.namespace.RecallPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which cartridge a drive's worker serves next (issue 12, "Recall scheduler"). Every exchange costs about a minute on
 * an MSL4048 with LTO-5 (robot, unload, load), so the rules, in order:
 * <ol>
 *   <li>Starvation bound: a cartridge with a request older than RECALL_MAX_WAIT goes first, the oldest first (as
 *       CERN's CTA mounts a queue once its oldest request reaches the minimum request age).</li>
 *   <li>Stay: the cartridge this worker just served, still in its drive, is served again while requests for it keep
 *       arriving, unless another cartridge waits with requests of a more urgent class (an interactive read does not
 *       wait behind prefetch).</li>
 *   <li>Otherwise the most urgent priority class first (INTERACTIVE, BULK, BACKGROUND), then the oldest request of that
 *       class; when ages tie, this worker's own cartridge, then one already in a drive (no robot move), then by volume
 *       tag so that the choice is the same every time. Ages compare at a resolution of {@link #AGE_RESOLUTION}: a
 *       burst of requests arrives within milliseconds, and an exchange costs a minute, so such a burst ties.</li>
 * </ol>
 * A pure function of its arguments; thread-safe.
 */
final class CartridgeChoice {
    /** Arrivals within the same second are of equal age. */
    static final Duration AGE_RESOLUTION = Duration.ofSeconds(1);

    private final Duration maxWait;

    /** @param maxWait RECALL_MAX_WAIT: the longest a request waits while other cartridges are served */
    CartridgeChoice(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * What one cartridge has waiting.
     *
     * @param volumeTag      the cartridge
     * @param best           its most urgent request's class
     * @param oldestOfBest   arrival of its oldest request of that class
     * @param oldest         arrival of its oldest request of any class
     * @param current        whether it is the cartridge this worker served last (still in its drive)
     * @param loaded         whether it is in a drive that no other worker is using
     */
    record Candidate(String volumeTag, RecallPriority best, Instant oldestOfBest, Instant oldest, boolean current,
                     boolean loaded) {
    }

    /** The cartridge to serve next among {@code candidates} (each with at least one request) at {@code now}. */
    Optional<Candidate> choose(List<Candidate> candidates, Instant now) {
        Instant starvedBefore = now.minus(maxWait);
        Comparator<Candidate> tieBreak = Comparator.comparing((Candidate c) -> !c.current())
                .thenComparing(c -> !c.loaded()).thenComparing(Candidate::volumeTag);
        Optional<Candidate> starved = candidates.stream().filter(c -> c.oldest().isBefore(starvedBefore))
                .min(Comparator.comparing(Candidate::oldest).thenComparing(tieBreak));
        if (starved.isPresent()) {
            return starved;
        }
        Optional<Candidate> current = candidates.stream().filter(Candidate::current).findFirst();
        if (current.isPresent() && candidates.stream()
                .noneMatch(other -> other.best().compareTo(current.get().best()) < 0)) {
            return current;
        }
        return candidates.stream().min(Comparator.comparing(Candidate::best)
                .thenComparing(c -> ageBucket(c.oldestOfBest()))
                .thenComparing(tieBreak));
    }

    /** The arrival rounded down to {@link #AGE_RESOLUTION}. */
    static long ageBucket(Instant arrived) {
        return Math.floorDiv(arrived.toEpochMilli(), AGE_RESOLUTION.toMillis());
    }
}

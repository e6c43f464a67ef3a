package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Inode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides what one write-back round sends next, for up to one batch per drive at a time (shared/DESIGN.md
 * section 5, "Placement"). Due entries are grouped by their directory, a new directory with its own entries (in the
 * order given: the directory of the oldest change first); a batch holds whole groups of at most {@code batchBytes} bytes, a group larger than that
 * alone going in chunks one after the other (the next chunk only once the one before was answered, so that it
 * follows it to the same cartridge). A group whose directory has a home ({@link Placement}) goes to that cartridge,
 * and groups without a home ride along; groups with different homes never share a batch, and two batches handed out
 * at once never name the same cartridge.
 *
 * <p>When a batch ends with the volume full, the entries the controller did not reach go back at the front of their
 * groups, sent at once (their home is looked up again: the controller takes another volume); otherwise they wait for
 * the next round. A volume-full answer that settles no file at all (every volume full) ends the round after
 * {@link #FRUITLESS_FULL_LIMIT} in a row, so a library with no room left is not called in a tight loop.
 * Not thread-safe: one per round, used by the round's thread alone.
 */
final class MigrationQueue {
    /** Volume-full answers in a row that settle no file after which the round gives up. */
    static final int FRUITLESS_FULL_LIMIT = 3;

    private final long batchBytes;
    private final Placement placement;
    /** Waiting entries by directory, in the order of each directory's oldest change. */
    private final Map<Long, Deque<Inode>> groups = new LinkedHashMap<>();
    /** Each directory's home as last looked up this round (empty: none); dropped when a batch of it settles. */
    private final Map<Long, Optional<String>> homes = new HashMap<>();
    /** Directories with a batch handed out and not yet settled: their further entries wait for its answer. */
    private final Set<Long> inFlight = new HashSet<>();
    /** Cartridges named by batches handed out and not yet settled. */
    private final Set<String> targets = new HashSet<>();
    /** Cartridges that answered volume full this round: no directory's home any more, whatever the catalog says. */
    private final Set<String> full = new HashSet<>();
    private int fruitlessFull;

    /** Queue without placement: every batch leaves the choice of cartridge to the controller. */
    MigrationQueue(List<Inode> due, long batchBytes) {
        this(due, batchBytes, Placement.NONE);
    }

    /**
     * @param due        the entries to migrate, oldest change first
     * @param batchBytes most bytes of one batch (a single larger file goes alone)
     * @param placement  where each directory's entries should go
     */
    MigrationQueue(List<Inode> due, long batchBytes, Placement placement) {
        this.batchBytes = batchBytes;
        this.placement = placement;
        for (Inode inode : due) {
            groups.computeIfAbsent(directoryOf(inode), parent -> new ArrayDeque<>()).addLast(inode);
        }
    }

    /** The directory an entry is grouped by: its parent, or itself for a new directory (it goes with its files). */
    private static long directoryOf(Inode inode) {
        return inode.isDirectory() ? inode.id() : inode.parent();
    }

    /**
     * The most bytes of one batch for a round of {@code due} entries on {@code parallel} drives: a fair share of the
     * round per drive, but never less than its largest directory (which then goes whole) nor {@code splitBytes}
     * (less is not worth a second drive's cartridge load), and never more than {@code batchBytes}.
     */
    static long shareBytes(List<Inode> due, int parallel, long splitBytes, long batchBytes) {
        if (parallel <= 1) {
            return batchBytes;
        }
        Map<Long, Long> byDirectory = new HashMap<>();
        long total = 0;
        for (Inode inode : due) {
            byDirectory.merge(directoryOf(inode), inode.size(), Long::sum);
            total += inode.size();
        }
        long largest = byDirectory.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long share = Math.max((total + parallel - 1) / parallel, Math.max(largest, splitBytes));
        return Math.max(1, Math.min(share, batchBytes));
    }

    /** The next batch when nothing else runs; empty when the round is over. */
    List<Inode> nextBatch() {
        return next(tag -> true, true).map(MigrationBatch::files).orElse(List.of());
    }

    /**
     * The next batch to hand out beside those already out, or empty when none may go now.
     *
     * @param free     whether a cartridge may be named now (false for one whose pending metadata changes another
     *                 call carries); cartridges of batches already out are never named again until they settle
     * @param unplaced whether a batch that leaves the choice of cartridge to the controller may go now
     */
    Optional<MigrationBatch> next(Predicate<String> free, boolean unplaced) {
        if (stalled()) {
            return Optional.empty();
        }
        List<Inode> files = new ArrayList<>();
        long bytes = 0;
        String target = null;
        for (Iterator<Map.Entry<Long, Deque<Inode>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Deque<Inode>> group = it.next();
            long directory = group.getKey();
            Deque<Inode> waiting = group.getValue();
            if (inFlight.contains(directory)) {
                continue;
            }
            long groupBytes = waiting.stream().mapToLong(Inode::size).sum();
            boolean whole = bytes + groupBytes <= batchBytes;
            if (!files.isEmpty() && !whole) {
                continue;
            }
            String home = homes.computeIfAbsent(directory, d -> placement.home(d, groupBytes, waiting.size()))
                    .filter(tag -> !full.contains(tag)).orElse("");
            if (target == null) {
                boolean mayGo = home.isEmpty() ? unplaced : !targets.contains(home) && free.test(home);
                if (!mayGo) {
                    continue;
                }
                target = home;
            } else if (!home.isEmpty() && !home.equals(target)) {
                continue;
            }
            // a group without a home joins a batch with one: it fills the tape being appended to
            while (!waiting.isEmpty() && (files.isEmpty() || bytes + waiting.peekFirst().size() <= batchBytes)) {
                Inode inode = waiting.pollFirst();
                files.add(inode);
                bytes += inode.size();
            }
            inFlight.add(directory);
            if (waiting.isEmpty()) {
                it.remove();
            }
            if (bytes >= batchBytes) {
                break;
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (!target.isEmpty()) {
            targets.add(target);
        }
        return Optional.of(new MigrationBatch(files, target));
    }

    /** {@link #settle(MigrationBatch, BatchOutcome)} of a batch that named no cartridge. */
    void settle(List<Inode> batch, BatchOutcome outcome) {
        settle(new MigrationBatch(batch, ""), outcome);
    }

    /**
     * Takes the controller's answer to {@code batch}: its directories' further entries may go, their homes are
     * looked up again, and with the volume full the entries to send again lead their groups.
     */
    void settle(MigrationBatch batch, BatchOutcome outcome) {
        release(batch);
        fruitlessFull = outcome.volumeFull() && !outcome.madeProgress() ? fruitlessFull + 1 : 0;
        if (!outcome.volumeFull()) {
            return;
        }
        if (batch.placed()) {
            full.add(batch.target());
        }
        Map<Long, Inode> byId = new HashMap<>();
        batch.files().forEach(inode -> byId.put(inode.id(), inode));
        List<Inode> again = outcome.sendAgain().stream().map(byId::get).filter(inode -> inode != null).toList();
        Map<Long, Deque<Inode>> front = new LinkedHashMap<>();
        for (Inode inode : again) {
            front.computeIfAbsent(directoryOf(inode), parent -> new ArrayDeque<>()).addLast(inode);
        }
        // the files sent again go first, as before: their groups move to the front of the round
        groups.forEach((directory, waiting) -> front.merge(directory, waiting, (first, rest) -> {
            first.addAll(rest);
            return first;
        }));
        groups.clear();
        groups.putAll(front);
    }

    /** A batch that failed: its directories' further entries may go; its own entries wait for the next round. */
    void failed(MigrationBatch batch) {
        release(batch);
    }

    /** Whether entries wait that no batch handed out holds. */
    boolean hasWaiting() {
        return !groups.isEmpty();
    }

    /** Whether the round stopped because volume after volume was full without taking a file. */
    boolean stalled() {
        return fruitlessFull >= FRUITLESS_FULL_LIMIT;
    }

    private void release(MigrationBatch batch) {
        targets.remove(batch.target());
        for (Inode inode : batch.files()) {
            inFlight.remove(directoryOf(inode));
            homes.remove(directoryOf(inode));
        }
    }
}

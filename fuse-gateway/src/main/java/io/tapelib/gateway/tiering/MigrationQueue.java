package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Inode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what one write-back round sends next: batches of due files of at most {@code batchBytes}
 * bytes in the order given (oldest change first). When a batch ends with the volume full, the files the
 * controller did not reach go at the front of the next batch, sent at once (the controller takes another
 * volume); otherwise they wait for the next round. A volume-full answer that settles no file at all
 * (every volume full) ends the round after {@link #FRUITLESS_FULL_LIMIT} in a row, so a library with no
 * room left is not called in a tight loop. Not thread-safe: one per round.
 */
final class MigrationQueue {
    /** Volume-full answers in a row that settle no file after which the round gives up. */
    static final int FRUITLESS_FULL_LIMIT = 3;

    private final long batchBytes;
    private final Deque<Inode> waiting;
    private int fruitlessFull;

    /**
     * @param due        the files to migrate, in the order to send them
     * @param batchBytes most bytes of one batch (a single larger file goes alone)
     */
    MigrationQueue(List<Inode> due, long batchBytes) {
        this.waiting = new ArrayDeque<>(due);
        this.batchBytes = batchBytes;
    }

    /** The next batch to send; empty when the round is over. */
    List<Inode> nextBatch() {
        List<Inode> batch = new ArrayList<>();
        if (stalled()) {
            return batch;
        }
        long bytes = 0;
        while (!waiting.isEmpty() && (batch.isEmpty() || bytes + waiting.peekFirst().size() <= batchBytes)) {
            Inode inode = waiting.pollFirst();
            batch.add(inode);
            bytes += inode.size();
        }
        return batch;
    }

    /**
     * Takes the controller's answer to {@code batch}: with the volume full, the files to send again lead
     * the next batch.
     */
    void settle(List<Inode> batch, BatchOutcome outcome) {
        fruitlessFull = outcome.volumeFull() && !outcome.madeProgress() ? fruitlessFull + 1 : 0;
        if (!outcome.volumeFull()) {
            return;
        }
        Map<Long, Inode> byId = new HashMap<>();
        batch.forEach(inode -> byId.put(inode.id(), inode));
        List<Inode> again = outcome.sendAgain().stream().map(byId::get).filter(inode -> inode != null).toList();
        for (int i = again.size() - 1; i >= 0; i--) {
            waiting.addFirst(again.get(i));
        }
    }

    /** Whether the round stopped because volume after volume was full without taking a file. */
    boolean stalled() {
        return fruitlessFull >= FRUITLESS_FULL_LIMIT;
    }
}

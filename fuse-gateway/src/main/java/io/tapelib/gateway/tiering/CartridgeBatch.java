package io.tapelib.gateway.tiering;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files one worker reads from one cartridge in one Recall call, in tape order (partition, then logical block),
 * while it runs. Taken from the {@link RecallQueue} whole; the cartridge is served by no other worker meanwhile.
 */
final class CartridgeBatch {
    private final int worker;
    private final String volumeTag;
    private final List<RecallRequest> requests;
    private final Instant started;
    private final boolean wasLoaded;
    private final Set<Long> receiving = ConcurrentHashMap.newKeySet();

    /**
     * @param worker    the worker serving it
     * @param requests  its files, in tape order
     * @param started   when the worker took it
     * @param wasLoaded whether the cartridge was in a drive when taken (no exchange needed)
     */
    CartridgeBatch(int worker, String volumeTag, List<RecallRequest> requests, Instant started, boolean wasLoaded) {
        this.worker = worker;
        this.volumeTag = volumeTag;
        this.requests = List.copyOf(requests);
        this.started = started;
        this.wasLoaded = wasLoaded;
    }

    int worker() {
        return worker;
    }

    String volumeTag() {
        return volumeTag;
    }

    List<RecallRequest> requests() {
        return requests;
    }

    Instant started() {
        return started;
    }

    boolean wasLoaded() {
        return wasLoaded;
    }

    /** Records that the first bytes of the file arrived (its time to first byte is over). */
    void receiving(long inode) {
        receiving.add(inode);
    }

    /** Whether bytes of the file arrived already. */
    boolean isReceiving(long inode) {
        return receiving.contains(inode);
    }
}

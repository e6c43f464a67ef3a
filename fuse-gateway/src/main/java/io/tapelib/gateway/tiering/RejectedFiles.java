package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Inode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Files the controller refused for a reason that sending them again cannot cure (a path conflict on tape,
 * larger than any cartridge, an invalid entry), each with the {@link Inode#changeCounter()} it was refused
 * at. Such a file is not sent again until it changes through the mount (rename, write, chmod...), so the
 * refusal is logged once and the controller does not re-read it every round.
 *
 * <p>Held in memory only, for now: after a gateway restart every refused file is sent once more and
 * refused (and logged) once more. Not thread-safe: its users lock the instance (the write-back's timer thread choosing
 * due files, the {@link BatchSender}s recording refusals).
 */
final class RejectedFiles {
    private final Map<Long, Long> changeCounterAtRejection = new HashMap<>();

    /**
     * Remembers that {@code inode} was refused at {@code changeCounter}.
     *
     * @return true when this is news (not already refused at that change counter): the caller logs it
     */
    boolean remember(long inode, long changeCounter) {
        Long before = changeCounterAtRejection.put(inode, changeCounter);
        return before == null || before != changeCounter;
    }

    /**
     * Whether the file is still held back: refused before and unchanged since. A file that changed is
     * forgotten here and may be sent again.
     */
    boolean heldBack(Inode inode) {
        Long counter = changeCounterAtRejection.get(inode.id());
        if (counter == null) {
            return false;
        }
        if (counter != inode.changeCounter()) {
            changeCounterAtRejection.remove(inode.id());
            return false;
        }
        return true;
    }

    /** Forgets every file not in {@code stillDirty} (migrated meanwhile, deleted, or clean again). */
    void retainOnly(Set<Long> stillDirty) {
        changeCounterAtRejection.keySet().retainAll(stillDirty);
    }

    /** How many files are held back. */
    int size() {
        return changeCounterAtRejection.size();
    }
}

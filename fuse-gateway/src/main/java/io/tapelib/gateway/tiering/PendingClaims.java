package io.tapelib.gateway.tiering;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tapes' pending changes are on their way to the controller right now (in a Migrate header or an
 * UpdateIndex call). The write-back and the metadata sync each claim a tape before building its list and release
 * it once the answer is recorded, so that one list is never sent twice at once: a rename applied twice could move
 * a file written in between. Never blocks: a tape claimed by the other is left for its next round. Thread-safe.
 */
@ApplicationScoped
public class PendingClaims {
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    /** Claims the tape; false when it is claimed already. */
    boolean tryClaim(String volumeTag) {
        return claimed.add(volumeTag);
    }

    /** Whether the tape is claimed right now. */
    boolean claimed(String volumeTag) {
        return claimed.contains(volumeTag);
    }

    /** Releases a claim made by {@link #tryClaim}. */
    void release(String volumeTag) {
        claimed.remove(volumeTag);
    }
}

package io.tapelib.gateway.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Changes the writer connection's triggers reported during one unit of work (a transaction), held until it ends:
 * handed on when it committed, forgotten when it rolled back. More than {@code limit} (the import of a cartridge's
 * index) are not held: whoever keeps state from them forgets it all instead, rather than holding a million changes
 * in the heap. Used on the writer's thread under the catalog's write lock only.
 *
 * @param <C> one reported change
 */
final class HeldChanges<C> {
    private final List<C> held = new ArrayList<>();
    private final int limit;
    private boolean tooMany;

    /** @param limit changes held for one unit of work at most */
    HeldChanges(int limit) {
        this.limit = limit;
    }

    /** False once the unit of work reported more than the limit: the rest need not even be read. */
    boolean holding() {
        if (!tooMany && held.size() == limit) {
            tooMany = true;
            held.clear();
        }
        return !tooMany;
    }

    void hold(C change) {
        held.add(change);
    }

    /**
     * The unit of work ended: {@code apply} gets its changes when they {@code stand}; {@code forgetAll} runs instead
     * when there were too many to hold.
     */
    void workEnded(boolean stands, Consumer<List<C>> apply, Runnable forgetAll) {
        if (held.isEmpty() && !tooMany) {
            return;
        }
        try {
            if (tooMany) {
                forgetAll.run();
            } else if (stands) {
                apply.accept(held);
            }
        } finally {
            held.clear();
            tooMany = false;
        }
    }
}

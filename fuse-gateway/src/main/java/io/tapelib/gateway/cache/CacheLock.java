package io.tapelib.gateway.cache;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The store's one lock, shared by its collaborators so that bookkeeping across them stays consistent, and the
 * condition every waiter (for room, for bytes, for a reader to catch up) waits on.
 */
final class CacheLock extends ReentrantLock {
    /** Signalled whenever room, bytes or a recall's state change. */
    final Condition changed = newCondition();

    /** Runs {@code work} with the lock held and returns its result. */
    <T> T call(Supplier<T> work) {
        lock();
        try {
            return work.get();
        } finally {
            unlock();
        }
    }

    /** Runs {@code work} with the lock held. */
    void run(Runnable work) {
        lock();
        try {
            work.run();
        } finally {
            unlock();
        }
    }
}

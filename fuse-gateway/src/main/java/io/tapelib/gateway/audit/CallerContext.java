package io.tapelib.gateway.audit;

/**
 * The port to the caller of the FUSE operation running on this thread (the mount's adapter in {@code fs/} implements
 * it). Only valid on a FUSE thread inside a callback: the namespace interface has no caller argument, so an auditing
 * decorator asks here while the call is still on its thread.
 */
@FunctionalInterface
public interface CallerContext {
    /** The current FUSE call's caller; {@link Caller#UNKNOWN} when no FUSE call runs on this thread. Never blocks. */
    Caller current();
}

package io.tapelib.gateway.audit;

/**
 * Who made a call at the mount, as the kernel told FUSE (libfuse 2, {@code struct fuse_context}).
 *
 * @param uid the caller's effective user id
 * @param gid the caller's effective group id
 * @param pid the calling thread's id (for a single-threaded process its process id); 0 when the kernel named none
 */
public record Caller(int uid, int gid, int pid) {
    /** No FUSE call runs on this thread (a REST call, the gateway's own work, a test). */
    public static final Caller UNKNOWN = new Caller(-1, -1, 0);

    /** Whether a FUSE call's caller is known. */
    public boolean known() {
        return pid > 0;
    }
}

package io.tapelib.gateway.catalog;

import java.time.Instant;

/**
 * One row of the audit log (issue 14; table {@code audit} of catalog schema 6), the {@code AuditRecord} of
 * docs/operator-api.md.
 *
 * @param id      the row's id, increasing in the order records were written; 0 for a record not stored yet
 * @param time    when the operation was asked for (for a write: when its handle was released)
 * @param action  what was done: {@code create}, {@code write}, {@code rename}, {@code unlink}, {@code rmdir},
 *                {@code mkdir}, {@code symlink}, {@code link}, {@code chmod}, {@code chown}, {@code setxattr},
 *                {@code removexattr}, {@code truncate}, {@code recall}, {@code migrate}, {@code evict},
 *                {@code export}, {@code import}
 * @param path    the path at the mount it was done to; null when the action has none (an export names its cartridge
 *                in {@code detail})
 * @param newPath the second path of a rename, link or symlink; null otherwise
 * @param uid     the caller's user id at the mount; null for the API or the gateway's own work
 * @param pid     the caller's process (thread) id as the kernel gave it to FUSE; null as for {@code uid}
 * @param process the caller's name from /proc/PID/comm at the call; null when unknown or not at the mount
 * @param caller  {@code "mount"}, {@code "api <remote address>"} or {@code "gateway"}
 * @param outcome {@code "ok"} or the errno's name ({@code "EACCES"}, {@code "ENOENT"}, ...)
 * @param detail  free text (a mode, an attribute's name, a cartridge); null when none
 */
public record AuditRecord(long id, Instant time, String action, String path, String newPath, Integer uid,
                          Integer pid, String process, String caller, String outcome, String detail) {
    /** The outcome of an operation that succeeded. */
    public static final String OK = "ok";

    /** This record with the id the catalog gave it. */
    public AuditRecord withId(long newId) {
        return new AuditRecord(newId, time, action, path, newPath, uid, pid, process, caller, outcome, detail);
    }
}

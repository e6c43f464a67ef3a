package io.tapelib.gateway.audit;

import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import java.time.Clock;

/**
 * Makes the audit records of calls at the mount: the caller (uid, pid and process name) is taken on the calling FUSE
 * thread, while the call and (usually) the process still exist; the record then goes to the {@link AuditLog} without
 * waiting.
 */
final class MountAuditor {
    /** The {@code caller} of every record made at the mount. */
    static final String MOUNT = "mount";

    private final AuditLog log;
    private final CallerContext callers;
    private final ProcessNames processes;
    private final Clock clock;

    MountAuditor(AuditLog log, CallerContext callers, ProcessNames processes, Clock clock) {
        this.log = log;
        this.callers = callers;
        this.processes = processes;
        this.clock = clock;
    }

    /** Who is calling now, with the process's name; call on the FUSE thread. */
    Identified identify() {
        Caller caller = callers.current();
        return new Identified(caller, processes.of(caller.pid()));
    }

    /**
     * Records an operation of a caller identified by {@link #identify()} (for a write: when its handle was opened).
     *
     * @param failure what the operation threw; null when it succeeded
     */
    void record(Identified who, String action, String path, String newPath, String detail, RuntimeException failure) {
        Caller caller = who.caller();
        log.record(new AuditRecord(0, clock.instant(), action, path, newPath,
                caller.known() ? caller.uid() : null, caller.known() ? caller.pid() : null, who.process(), MOUNT,
                outcome(failure), detail));
    }

    /** "ok", or the errno the mount answers for {@code failure} (EIO for anything but a NamespaceException). */
    static String outcome(RuntimeException failure) {
        if (failure == null) {
            return AuditRecord.OK;
        }
        return failure instanceof NamespaceException e ? e.errno().name() : Errno.EIO.name();
    }

    /** A caller and its process's name (null when unknown). */
    record Identified(Caller caller, String process) {
    }
}

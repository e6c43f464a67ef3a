package io.tapelib.gateway.audit;

import io.tapelib.gateway.namespace.ForwardingNamespace;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.FileKind;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Namespace} that records every change made at the mount in the audit log (issue 14): create, mknod (as
 * create), write (once, when the last handle that wrote is released), rename, unlink, rmdir, mkdir, symlink, link,
 * chmod, chown, truncate (also by O_TRUNC), setxattr and removexattr, each with its outcome ("ok" or the errno the
 * mount answers). Reads, listings and utimens are not recorded. The caller is identified on the FUSE thread, during
 * the call; a write's caller is the one who opened the handle (a release often arrives with no caller, after the
 * process is gone), its path the one it was opened at. Every call's result and error are the wrapped namespace's.
 */
public final class AuditedNamespace extends ForwardingNamespace {
    private final MountAuditor auditor;
    /** Handles open for writing, by handle: who opened them and what they wrote. */
    private final Map<Long, OpenWrite> writers = new ConcurrentHashMap<>();

    /**
     * @param inner     the namespace whose changes are recorded
     * @param log       where records go (never blocks)
     * @param callers   the current FUSE call's caller
     * @param processes process names by pid
     * @param clock     the records' times
     */
    public AuditedNamespace(Namespace inner, AuditLog log, CallerContext callers, ProcessNames processes,
                            Clock clock) {
        super(inner);
        this.auditor = new MountAuditor(log, callers, processes, clock);
    }

    // ---- handles: create, write, truncate by O_TRUNC -----------------------------------------------------------

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return open(path, write, truncate, false);
    }

    @Override
    public long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        if (!write && !truncate) {
            return inner.open(path, false, false, nonBlocking);
        }
        MountAuditor.Identified who = auditor.identify();
        long handle;
        try {
            handle = inner.open(path, write, truncate, nonBlocking);
        } catch (RuntimeException e) {
            if (truncate) {
                auditor.record(who, "truncate", path, null, "open O_TRUNC", e);
            }
            throw e;
        }
        if (truncate) {
            auditor.record(who, "truncate", path, null, "open O_TRUNC", null);
        }
        if (write) {
            writers.put(handle, new OpenWrite(who, path));
        }
        return handle;
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        MountAuditor.Identified who = auditor.identify();
        long handle;
        try {
            handle = inner.create(path, mode, uid, gid);
        } catch (RuntimeException e) {
            auditor.record(who, "create", path, null, mode(mode), e);
            throw e;
        }
        auditor.record(who, "create", path, null, mode(mode), null);
        writers.put(handle, new OpenWrite(who, path));
        return handle;
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        OpenWrite open = writers.get(handle);
        try {
            int written = inner.write(handle, source, offset, size);
            if (open != null) {
                open.bytes.addAndGet(written);
            }
            return written;
        } catch (RuntimeException e) {
            if (open != null) {
                open.failure = e;
            }
            throw e;
        }
    }

    @Override
    public void release(long handle) {
        OpenWrite open = writers.remove(handle);
        try {
            inner.release(handle);
        } catch (RuntimeException e) {
            if (open != null) {
                auditor.record(open.who, "write", open.path, null, open.bytes.get() + " bytes", e);
            }
            throw e;
        }
        if (open != null && (open.bytes.get() > 0 || open.failure != null)) {
            auditor.record(open.who, "write", open.path, null, open.bytes.get() + " bytes", open.failure);
        }
    }

    // ---- recorded changes ---------------------------------------------------------------------------------------

    @Override
    public void truncate(String path, long size) {
        audited("truncate", path, null, "size " + size, () -> inner.truncate(path, size));
    }

    @Override
    public void mkdir(String path, int mode, int uid, int gid) {
        audited("mkdir", path, null, mode(mode), () -> inner.mkdir(path, mode, uid, gid));
    }

    @Override
    public void unlink(String path) {
        audited("unlink", path, null, null, () -> inner.unlink(path));
    }

    @Override
    public void rmdir(String path) {
        audited("rmdir", path, null, null, () -> inner.rmdir(path));
    }

    @Override
    public void rename(String from, String to) {
        audited("rename", from, to, null, () -> inner.rename(from, to));
    }

    @Override
    public void chmod(String path, int mode) {
        audited("chmod", path, null, mode(mode), () -> inner.chmod(path, mode));
    }

    @Override
    public void chown(String path, int uid, int gid) {
        audited("chown", path, null, uid + ":" + gid, () -> inner.chown(path, uid, gid));
    }

    @Override
    public void symlink(String target, String linkPath, int uid, int gid) {
        audited("symlink", linkPath, target, null, () -> inner.symlink(target, linkPath, uid, gid));
    }

    @Override
    public void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        audited("setxattr", path, null, name, () -> inner.setxattr(path, name, value, mustNotExist, mustExist));
    }

    @Override
    public void removexattr(String path, String name) {
        audited("removexattr", path, null, name, () -> inner.removexattr(path, name));
    }

    @Override
    public void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        audited("create", path, null, kind + " " + mode(mode),
                () -> inner.mknod(path, kind, mode, deviceNumber, uid, gid));
    }

    @Override
    public void link(String existing, String newPath) {
        audited("link", existing, newPath, null, () -> inner.link(existing, newPath));
    }

    private void audited(String action, String path, String newPath, String detail, Runnable call) {
        MountAuditor.Identified who = auditor.identify();
        try {
            call.run();
        } catch (RuntimeException e) {
            auditor.record(who, action, path, newPath, detail, e);
            throw e;
        }
        auditor.record(who, action, path, newPath, detail, null);
    }

    private static String mode(int mode) {
        String octal = Integer.toOctalString(mode);
        return "mode " + "0000".substring(Math.min(4, octal.length())) + octal;
    }

    /** A handle open for writing. */
    private static final class OpenWrite {
        final MountAuditor.Identified who;
        final String path;
        final AtomicLong bytes = new AtomicLong();
        volatile RuntimeException failure;

        OpenWrite(MountAuditor.Identified who, String path) {
            this.who = who;
            this.path = path;
        }
    }
}

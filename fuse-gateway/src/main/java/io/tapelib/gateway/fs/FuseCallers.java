package io.tapelib.gateway.fs;

import io.tapelib.gateway.audit.Caller;
import io.tapelib.gateway.audit.CallerContext;
import io.tapelib.gateway.fs.libfuse3.FuseContext3;
import io.tapelib.gateway.fs.libfuse3.LibFuse3;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import org.jboss.logging.Logger;
import ru.serce.jnrfuse.LibFuse;
import ru.serce.jnrfuse.struct.FuseContext;

/**
 * The caller of the FUSE callback running on this thread, from libfuse's {@code fuse_get_context()} (fuse.h of 2.9
 * and 3.x: "only valid during the lifetime of a filesystem operation"; libfuse keeps it per thread), asked of the
 * libfuse the mount runs on ({@link FuseApi}). It needs no reference to the mounted filesystem, so the auditing
 * namespace can be built before the mount: libfuse is loaded (a second time, the same library) on the first call. Ask
 * only on a thread inside a FUSE callback (the mounted namespace's calls come from no other): elsewhere libfuse has no
 * context to give. A context without a pid, and a machine without that libfuse, answer {@link Caller#UNKNOWN}.
 */
public final class FuseCallers implements CallerContext {
    private static final Logger LOG = Logger.getLogger(FuseCallers.class);

    private final FuseApi api;
    private volatile LibFuse libFuse;
    private volatile LibFuse3 libFuse3;
    private volatile boolean unavailable;

    /** The callers of a mount on libfuse 2. */
    public FuseCallers() {
        this(FuseApi.LIBFUSE2);
    }

    /** @param api the libfuse the mount runs on */
    public FuseCallers(FuseApi api) {
        this.api = api;
    }

    @Override
    public Caller current() {
        if (!loaded()) {
            return Caller.UNKNOWN;
        }
        if (api == FuseApi.LIBFUSE3) {
            Pointer context = libFuse3.fuse_get_context();
            return context == null ? Caller.UNKNOWN
                    : caller(FuseContext3.uid(context), FuseContext3.gid(context), FuseContext3.pid(context));
        }
        FuseContext context = libFuse.fuse_get_context();
        return context == null ? Caller.UNKNOWN
                : caller(context.uid.intValue(), context.gid.intValue(), context.pid.intValue());
    }

    private static Caller caller(int uid, int gid, int pid) {
        return pid <= 0 ? Caller.UNKNOWN : new Caller(uid, gid, pid);
    }

    private boolean loaded() {
        if (libFuse != null || libFuse3 != null) {
            return true;
        }
        if (unavailable) {
            return false;
        }
        synchronized (this) {
            if (libFuse == null && libFuse3 == null && !unavailable) {
                try {
                    if (api == FuseApi.LIBFUSE3) {
                        libFuse3 = LibFuse3.load();
                    } else {
                        // as jnr-fuse's AbstractFuseFS loads it on Linux
                        libFuse = LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
                    }
                } catch (LinkageError e) {
                    unavailable = true;
                    LOG.warnf("libfuse (FUSE_API %s) cannot be loaded (%s): audit records of the mount name no caller",
                            api, e.getMessage());
                }
            }
            return !unavailable;
        }
    }
}

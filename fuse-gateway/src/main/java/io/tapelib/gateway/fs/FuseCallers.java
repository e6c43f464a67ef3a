package io.tapelib.gateway.fs;

import io.tapelib.gateway.audit.Caller;
import io.tapelib.gateway.audit.CallerContext;
import jnr.ffi.LibraryLoader;
import org.jboss.logging.Logger;
import ru.serce.jnrfuse.LibFuse;
import ru.serce.jnrfuse.struct.FuseContext;

/**
 * The caller of the FUSE callback running on this thread, from libfuse 2's {@code fuse_get_context()} (fuse.h: "only
 * valid during the lifetime of a filesystem operation"; libfuse keeps it per thread). It needs no reference to the
 * mounted filesystem, so the auditing namespace can be built before the mount: libfuse is loaded (a second time, the
 * same library) on the first call. Ask only on a thread inside a FUSE callback (the mounted namespace's calls come
 * from no other): elsewhere libfuse has no context to give. A context without a pid, and a machine without libfuse 2,
 * answer {@link Caller#UNKNOWN}.
 */
public final class FuseCallers implements CallerContext {
    private static final Logger LOG = Logger.getLogger(FuseCallers.class);

    private volatile LibFuse libFuse;
    private volatile boolean unavailable;

    @Override
    public Caller current() {
        LibFuse fuse = library();
        if (fuse == null) {
            return Caller.UNKNOWN;
        }
        FuseContext context = fuse.fuse_get_context();
        if (context == null) {
            return Caller.UNKNOWN;
        }
        int pid = context.pid.intValue();
        return pid <= 0 ? Caller.UNKNOWN : new Caller(context.uid.intValue(), context.gid.intValue(), pid);
    }

    private LibFuse library() {
        LibFuse loaded = libFuse;
        if (loaded != null || unavailable) {
            return loaded;
        }
        synchronized (this) {
            if (libFuse == null && !unavailable) {
                try {
                    // as jnr-fuse's AbstractFuseFS loads it on Linux
                    libFuse = LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
                } catch (LinkageError e) {
                    unavailable = true;
                    LOG.warnf("libfuse 2 cannot be loaded (%s): audit records of the mount name no caller",
                            e.getMessage());
                }
            }
            return libFuse;
        }
    }
}

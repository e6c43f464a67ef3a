package io.tapelib.gateway.fs;

import io.tapelib.gateway.fs.libfuse3.FuseContext3;
import io.tapelib.gateway.fs.libfuse3.LibFuse3;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * Sends {@code fuse_lowlevel_notify_inval_inode} to the kernel through the libfuse the mount runs on. libfuse 2 sends it
 * on a channel, libfuse 3 on the session; either is taken from {@code fuse_get_context()} inside a FUSE callback
 * (fuse.h: the context is valid during a filesystem operation), once, and used from any thread after.
 */
interface KernelNotifier {

    /**
     * Takes the channel or session from the callback running on this thread.
     *
     * @return false when this thread is in no callback and none was taken before
     */
    boolean take();

    /**
     * Drops the kernel's cached attributes of {@code node} (a negative offset: no page cache).
     *
     * @return 0, or the negated errno libfuse answered (-ENOENT: the kernel no longer holds the node); -1 before
     *         {@link #take} succeeded
     */
    int invalidateAttributes(long node);

    /** libfuse 2.9 (all calls exported since FUSE_2.8). */
    final class Fuse2 implements KernelNotifier {
        /** The libfuse 2 calls needed. */
        public interface LibFuseNotify {
            Pointer fuse_get_context();

            Pointer fuse_get_session(Pointer fuse);

            Pointer fuse_session_next_chan(Pointer session, Pointer channel);

            int fuse_lowlevel_notify_inval_inode(Pointer channel, long node, long offset, long length);
        }

        private final LibFuseNotify fuse;
        private volatile Pointer channel;

        /** @throws UnsatisfiedLinkError when libfuse.so.2 is missing */
        Fuse2() {
            this.fuse = LibraryLoader.create(LibFuseNotify.class).failImmediately().load("fuse");
        }

        @Override
        public boolean take() {
            if (channel != null) {
                return true;
            }
            Pointer context = fuse.fuse_get_context();
            Pointer fuseHandle = context == null ? null : context.getPointer(0);
            Pointer session = fuseHandle == null ? null : fuse.fuse_get_session(fuseHandle);
            Pointer taken = session == null ? null : fuse.fuse_session_next_chan(session, null);
            if (taken != null) {
                channel = taken;
            }
            return taken != null;
        }

        @Override
        public int invalidateAttributes(long node) {
            Pointer taken = channel;
            return taken == null ? -1 : fuse.fuse_lowlevel_notify_inval_inode(taken, node, -1, 0);
        }
    }

    /** libfuse 3 (fuse_lowlevel.h of 3.x: the notification takes the session). */
    final class Fuse3 implements KernelNotifier {
        private final LibFuse3 fuse;
        private volatile Pointer session;

        Fuse3(LibFuse3 fuse) {
            this.fuse = fuse;
        }

        @Override
        public boolean take() {
            if (session != null) {
                return true;
            }
            Pointer context = fuse.fuse_get_context();
            Pointer fuseHandle = context == null ? null : FuseContext3.fuse(context);
            Pointer taken = fuseHandle == null ? null : fuse.fuse_get_session(fuseHandle);
            if (taken != null) {
                session = taken;
            }
            return taken != null;
        }

        @Override
        public int invalidateAttributes(long node) {
            Pointer taken = session;
            return taken == null ? -1 : fuse.fuse_lowlevel_notify_inval_inode(taken, node, -1, 0);
        }
    }
}

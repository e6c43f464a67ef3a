package io.tapelib.gateway.fs.libfuse3;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import org.jboss.logging.Logger;

/**
 * Lets the flags the high-level {@code opendir} sets on its {@code struct fuse_file_info} ({@code cache_readdir},
 * {@code keep_cache}) reach the kernel under libfuse 3.14, whose {@code fuse_lib_opendir} (lib/fuse.c) hands the
 * filesystem a copy of the low-level file info and answers the kernel with the original, so those flags are dropped
 * (libfuse issue 821, fixed in 3.16.1 by copying them back).
 *
 * <p>How: the session's copy of the low-level operations ({@code struct fuse_session}, lib/fuse_i.h, not public)
 * gets a wrapper in its {@code opendir} slot that notes the low-level file info for the running thread
 * ({@link #lowLevel}) and calls libfuse's own {@code fuse_lib_opendir}, which calls the filesystem's opendir on the
 * same thread before it replies; the filesystem's opendir sets the flags on both. Only for libfuse 3.14
 * ({@code fuse_version() == 314}), whose layout was read off its machine code (Debian's 3.14.0, x86-64: the operations
 * are copied to offset 40 of the session by {@code fuse_session_new}, 44 pointers of 8 bytes; {@code opendir} is the
 * 21st, {@code struct fuse_lowlevel_ops} in fuse_lowlevel.h), and only when the session's slots look like that
 * (the high-level library's {@code init}, {@code lookup}, {@code getattr}, {@code opendir}, {@code readdir},
 * {@code releasedir} are functions inside libfuse3.so): otherwise nothing is changed and listings are simply not
 * cached by the kernel. From 3.16.1 on, libfuse passes the flags itself and no wrapper is needed.
 *
 * <p>Thread-safe: installed from the {@code init} callback, before the kernel sends any OPENDIR.
 */
public final class OpendirFlags {
    private static final Logger LOG = Logger.getLogger(OpendirFlags.class);
    /** {@code fuse_version()} of libfuse 3.14 (FUSE_MAKE_VERSION(3, 14)). */
    static final int LAYOUT_VERSION = 314;
    /** Offset of {@code struct fuse_lowlevel_ops op} in 3.14's {@code struct fuse_session}. */
    private static final long OPS = 40;
    /** Slots of {@code struct fuse_lowlevel_ops} (fuse_lowlevel.h, 3.14). */
    private static final int INIT = 0;
    private static final int LOOKUP = 2;
    private static final int GETATTR = 4;
    private static final int OPENDIR = 20;
    private static final int READDIR = 21;
    private static final int RELEASEDIR = 22;
    private static final List<Integer> HIGH_LEVEL_SLOTS = List.of(INIT, LOOKUP, GETATTR, OPENDIR, READDIR, RELEASEDIR);

    /** {@code void (*opendir)(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)}. */
    private static final CallContext OPENDIR_CALL = CallContext.getCallContext(Type.VOID,
            new Type[] {Type.POINTER, Type.UINT64, Type.POINTER}, CallingConvention.DEFAULT, false);

    /** The low-level opendir's signature, for the wrapper's closure. */
    public interface LowLevelOpendir {
        @Delegate
        void call(Pointer request, long inode, Pointer info);
    }

    private final long libfuseOpendir;
    private final ThreadLocal<Pointer> running = new ThreadLocal<>();
    /** The closure and its trampoline: collected, they would leave the session a dangling pointer. */
    private final LowLevelOpendir wrapper = this::opendir;
    private Pointer trampoline;

    private OpendirFlags(long libfuseOpendir) {
        this.libfuseOpendir = libfuseOpendir;
    }

    /**
     * Puts the wrapper into the session's {@code opendir} slot when the library is libfuse 3.14 and the session looks
     * as described in the class comment.
     *
     * @param session the {@code struct fuse_session *} of the mount
     * @return the installed wrapper, or null when nothing was changed (another libfuse version, an unexpected layout)
     */
    public static OpendirFlags install(LibFuse3 fuse, Pointer session) {
        int version = fuse.fuse_version();
        if (version != LAYOUT_VERSION) {
            LOG.debugf("libfuse version %d: the opendir flags are passed by libfuse itself (3.16.1+) or not at all",
                    version);
            return null;
        }
        long[] text = libfuseText();
        if (text.length == 0) {
            LOG.warn("libfuse3.so's code is not in /proc/self/maps: directory listings are not cached by the kernel");
            return null;
        }
        for (int slot : HIGH_LEVEL_SLOTS) {
            long function = session.getLong(OPS + slot * 8L);
            if (!inside(text, function)) {
                LOG.warnf("libfuse 3.14's session does not look as expected (operation %d at %x): directory listings"
                        + " are not cached by the kernel", slot, function);
                return null;
            }
        }
        OpendirFlags flags = new OpendirFlags(session.getLong(OPS + OPENDIR * 8L));
        flags.trampoline = Runtime.getSystemRuntime().getClosureManager().getClosurePointer(LowLevelOpendir.class,
                flags.wrapper);
        session.putPointer(OPS + OPENDIR * 8L, flags.trampoline);
        return flags;
    }

    /**
     * The low-level {@code struct fuse_file_info} libfuse answers the kernel's OPENDIR with, while the filesystem's
     * opendir runs on this thread; null on any other thread or at any other time.
     */
    public Pointer lowLevel() {
        return running.get();
    }

    private void opendir(Pointer request, long inode, Pointer info) {
        running.set(info);
        try {
            Invoker.getInstance().invokeN3(OPENDIR_CALL, libfuseOpendir, request.address(), inode, info.address());
        } finally {
            running.remove();
        }
    }

    /** Start and end addresses of libfuse3.so's executable mappings in this process, as pairs. */
    private static long[] libfuseText() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields.length >= 6 && fields[1].contains("x")
                            && Path.of(fields[5]).getFileName().toString().startsWith("libfuse3.so"))
                    .flatMap(fields -> {
                        String[] range = fields[0].split("-");
                        return java.util.stream.Stream.of(Long.parseUnsignedLong(range[0], 16),
                                Long.parseUnsignedLong(range[1], 16));
                    })
                    .mapToLong(Long::longValue).toArray();
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    private static boolean inside(long[] ranges, long address) {
        for (int i = 0; i + 1 < ranges.length; i += 2) {
            if (Long.compareUnsigned(address, ranges[i]) >= 0 && Long.compareUnsigned(address, ranges[i + 1]) < 0) {
                return true;
            }
        }
        return false;
    }
}

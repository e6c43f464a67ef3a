package io.tapelib.gateway.fs;

import io.tapelib.gateway.fs.libfuse3.FuseOperations3;
import io.tapelib.gateway.fs.libfuse3.LibFuse3;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jboss.logging.Logger;

/**
 * Runs the mount on libfuse 3 (fuse.h, 3.14): {@code fuse_new} with the mount options in a {@code struct fuse_args},
 * {@code fuse_mount}, the read-ahead widened ({@link MountReadAhead}), {@code fuse_loop_mt} on a fixed pool of
 * {@link #WORKER_THREADS} threads (idle ones are kept: each native thread that enters Java is attached to the JVM
 * once), then {@code fuse_destroy}. No
 * {@code fuse_unmount}: the session ends because {@link MountManager} detached the mount, and a late unmount could
 * detach the next gateway's mount at the same mount point. No signal handlers are installed (the JVM owns the
 * signals).
 */
final class Fuse3Session implements FuseBinding {
    private static final Logger LOG = Logger.getLogger(Fuse3Session.class);
    /** Worker threads of the loop: libfuse 3's default bound (fuse_common.h, FUSE_LOOP_MT_DEF_MAX_THREADS). */
    static final int WORKER_THREADS = 10;

    private final LibFuse3 fuse;
    private final TapeLibraryFuse3 filesystem;
    private final Path mountPoint;
    private final List<String> options;
    private final MountReadAhead readAhead;

    /**
     * @param options   mount options for {@code -o} (fuse_new's and the kernel's: allow_other, default_permissions,
     *                  fsname, subtype); the caching options are set in {@code init} ({@link TapeLibraryFuse3})
     * @param readAhead widens the mount's read-ahead once mounted
     */
    Fuse3Session(LibFuse3 fuse, TapeLibraryFuse3 filesystem, Path mountPoint, List<String> options,
                 MountReadAhead readAhead) {
        this.fuse = fuse;
        this.filesystem = filesystem;
        this.mountPoint = mountPoint;
        this.options = List.copyOf(options);
        this.readAhead = readAhead;
    }

    @Override
    public void serve() {
        Runtime runtime = Runtime.getSystemRuntime();
        List<Pointer> strings = new ArrayList<>();
        Pointer args = arguments(runtime, List.of("tapelib", "-o", String.join(",", options)), strings);
        Pointer handle = fuse.fuse_new(args, filesystem.operations().memory(), FuseOperations3.SIZE, null);
        if (handle == null) {
            throw new MountException("libfuse 3 refused the mount options " + options + " (its reason is on"
                    + " standard error)");
        }
        try {
            if (fuse.fuse_mount(handle, mountPoint.toString()) != 0) {
                throw new MountException("libfuse 3 could not mount at " + mountPoint + " (its reason is on standard"
                        + " error)");
            }
            readAhead.widen(mountPoint);
            Pointer config = fuse.fuse_loop_cfg_create();
            try {
                fuse.fuse_loop_cfg_set_max_threads(config, WORKER_THREADS);
                fuse.fuse_loop_cfg_set_idle_threads(config, WORKER_THREADS);
                int result = fuse.fuse_loop_mt(handle, config);
                if (result != 0) {
                    LOG.warnf("libfuse 3's loop for %s ended with %d", mountPoint, result);
                }
            } finally {
                fuse.fuse_loop_cfg_destroy(config);
            }
        } finally {
            fuse.fuse_destroy(handle);
            Reference.reachabilityFence(strings);
        }
    }

    /** Nothing to do: this binding never unmounts by itself. */
    @Override
    public void handOverUnmount() {
        // see the class comment
    }

    /**
     * A {@code struct fuse_args} (fuse_opt.h: {@code int argc; char **argv; int allocated;}, 24 bytes on LP64) over
     * NUL-terminated copies of {@code values}; {@code keep} holds the memory for as long as libfuse may read it.
     */
    private static Pointer arguments(Runtime runtime, List<String> values, List<Pointer> keep) {
        Pointer argv = Memory.allocateDirect(runtime, (values.size() + 1) * 8L, true);
        for (int i = 0; i < values.size(); i++) {
            byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer string = Memory.allocateDirect(runtime, bytes.length + 1, true);
            string.put(0, bytes, 0, bytes.length);
            keep.add(string);
            argv.putPointer(i * 8L, string);
        }
        keep.add(argv);
        Pointer args = Memory.allocateDirect(runtime, 24, true);
        args.putInt(0, values.size());
        args.putPointer(8, argv);
        args.putInt(16, 0);
        keep.add(args);
        return args;
    }
}

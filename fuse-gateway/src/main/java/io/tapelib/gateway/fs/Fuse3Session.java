package io.tapelib.gateway.fs;

import io.tapelib.gateway.fs.libfuse3.FuseOperations3;
import io.tapelib.gateway.fs.libfuse3.LibC;
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
 * {@code fuse_mount}, the read-ahead widened ({@link MountReadAhead}), then {@link #WORKER_THREADS} Java threads that
 * each wait for a request and serve it ({@code fuse_session_receive_buf} and {@code fuse_session_process_buf} of the
 * filesystem's session, what libfuse's own {@code fuse_loop_mt} does on its native threads), then
 * {@code fuse_destroy}.
 *
 * <p>Why Java threads and not libfuse's loop: a callback from a native thread the JVM does not know is attached to
 * the JVM for that one call and detached after it (jffi's closure_invoke), so every request made and destroyed a
 * {@code java.lang.Thread}, its thread-local state and its stack guard pages. The threads here are JVM threads from
 * the start, so a callback is a plain call.
 *
 * <p>No {@code fuse_unmount}: the session ends because {@link MountManager} detached the mount (each waiting thread's
 * read then ends with ENODEV), and a late unmount could detach the next gateway's mount at the same mount point. No
 * signal handlers are installed (the JVM owns the signals).
 */
final class Fuse3Session implements FuseBinding {
    private static final Logger LOG = Logger.getLogger(Fuse3Session.class);
    /** Threads serving requests: libfuse 3's default bound of its own loop (fuse_common.h, FUSE_LOOP_MT_DEF_MAX_THREADS). */
    static final int WORKER_THREADS = 10;
    /** receive_buf's answer for an interrupted wait: wait again (asm-generic/errno-base.h). */
    private static final int EINTR = 4;

    private final LibFuse3 fuse;
    private final LibC libc;
    private final TapeLibraryFuse3 filesystem;
    private final Path mountPoint;
    private final List<String> options;
    private final MountReadAhead readAhead;

    /**
     * @param options   mount options for {@code -o} (fuse_new's and the kernel's: allow_other, default_permissions,
     *                  fsname, subtype); the caching options are set in {@code init} ({@link TapeLibraryFuse3})
     * @param readAhead widens the mount's read-ahead once mounted
     */
    Fuse3Session(LibFuse3 fuse, LibC libc, TapeLibraryFuse3 filesystem, Path mountPoint, List<String> options,
                 MountReadAhead readAhead) {
        this.fuse = fuse;
        this.libc = libc;
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
            serveOnWorkers(fuse.fuse_get_session(handle), runtime);
        } finally {
            fuse.fuse_destroy(handle);
            Reference.reachabilityFence(strings);
        }
    }

    /** Starts the worker threads and returns when all have ended (the session ended). */
    private void serveOnWorkers(Pointer session, Runtime runtime) {
        List<Thread> workers = new ArrayList<>(WORKER_THREADS);
        for (int i = 0; i < WORKER_THREADS; i++) {
            Thread worker = new Thread(() -> serveRequests(session, runtime), "fuse-worker-" + i + " " + mountPoint);
            // like libfuse's own threads, they never keep the JVM from exiting
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    // the workers end with the session, not with this thread: wait on, say so after
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One worker: requests until the session ends. A receive error other than an interrupted wait ends the session
     * for all workers (as in libfuse's loop); the others leave after their next request, or when the mount is
     * detached.
     */
    private void serveRequests(Pointer session, Runtime runtime) {
        Pointer buffer = Memory.allocateDirect(runtime, LibFuse3.FUSE_BUF_SIZE, true);
        try {
            while (fuse.fuse_session_exited(session) == 0) {
                int received = fuse.fuse_session_receive_buf(session, buffer);
                if (received == -EINTR) {
                    continue;
                }
                if (received <= 0) {
                    if (received < 0) {
                        LOG.errorf("reading the next FUSE request of %s failed with errno %d: the session ends",
                                mountPoint, -received);
                        fuse.fuse_session_exit(session);
                    }
                    return;
                }
                fuse.fuse_session_process_buf(session, buffer);
            }
        } finally {
            libc.free(buffer.getPointer(LibFuse3.FUSE_BUF_MEM));
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

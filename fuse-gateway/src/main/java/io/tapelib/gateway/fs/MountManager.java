package io.tapelib.gateway.fs;

import io.tapelib.gateway.fs.libfuse3.LibC;
import io.tapelib.gateway.fs.libfuse3.LibFuse3;
import io.tapelib.gateway.namespace.Namespace;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.jboss.logging.Logger;

/**
 * Mounts a {@link Namespace} as a FUSE filesystem and takes it down again (shared/DESIGN.md section 9).
 *
 * <p>The libfuse is chosen by FUSE_API ({@link FuseApi}): libfuse 2.9 through jnr-fuse ({@link TapeLibraryFuse}), or
 * libfuse 3 through our own binding ({@link TapeLibraryFuse3}, {@link Fuse3Session}); both serve the same operations
 * ({@link MountOperations}) with the same kernel caching.
 *
 * <p>{@link #mount()} clears a stale mount left at the mount point by a killed predecessor, runs libfuse's
 * blocking main loop on a thread of its own, and returns only once the mount is ready: a {@code fuse.*}
 * entry for the mount point in /proc/self/mountinfo and a stat of the mount point answered by this
 * filesystem. (jnr-fuse's non-blocking mount waits 2 s and reports success either way.)
 * {@link #unmount()} detaches the mount itself ({@code fusermount -u -z}, then {@code umount -l}) and waits until the
 * kernel no longer lists it; neither binding starts an unmount of its own.
 *
 * <p>Not thread-safe beyond its synchronized methods: one manager per mount point.
 */
public final class MountManager implements AutoCloseable {

    /**
     * FUSE options: 128 KiB requests ({@code big_writes}; without them writes run ~7x slower), kernel
     * entry and attribute caching for 30 s (the mount owns every change to the tree), {@code allow_other}
     * so every user sees the library, permissions checked by the kernel from the catalog's modes.
     * Attributes may be cached that long because a change at the mount leaves no stale ones: the kernel updates the
     * name the change went through, and {@link LinkedNamesNamespace} tells it about the other names of a hard-linked
     * file (libfuse's high-level API, 2.9 and 3.x, gives each name its own kernel inode, so after {@code ln a b} the kernel would
     * otherwise show {@code a}'s old link count and ctime until its attributes expire). Changes not made at the mount
     * (a cartridge's files catalogued) add names, which are looked up fresh; the link count and times of a directory
     * they land in may show up to 30 s late, as the entries cached for 30 s already could. With 1 s, a warm {@code find
     * -printf '%s %m %T@'} over 100,000 entries asked for every entry's attributes again (2.49 s against 0.19 s on the
     * disk). {@code use_ino}: st_ino is the catalog's inode id, the same for every name of a file.
     */
    public static final List<String> MOUNT_OPTIONS = List.of("big_writes", "max_write=131072", "max_read=131072",
            "attr_timeout=30", "entry_timeout=30", "use_ino", "kernel_cache", "allow_other", "default_permissions",
            "fsname=tapelib", "subtype=tapelib");

    /**
     * The options of the same mount under libfuse 3 (FUSE_API=3): those libfuse 3 takes on its command line; the
     * caching (the same timeouts, {@code use_ino}, {@code kernel_cache}) and the 1 MiB requests are set in its
     * {@code init} ({@link TapeLibraryFuse3}), and {@code big_writes} is libfuse 3's only way.
     */
    public static final List<String> MOUNT_OPTIONS_3 = List.of("allow_other", "default_permissions",
            "fsname=tapelib", "subtype=tapelib");

    /** The device every FUSE filesystem talks through (kernel module {@code fuse}). */
    public static final Path FUSE_DEVICE = Path.of("/dev/fuse");

    private static final Logger LOG = Logger.getLogger(MountManager.class);
    private static final String FILESYSTEM_NAME = "tapelib";
    private static final String NOT_CONNECTED = "Transport endpoint is not connected";
    private static final long POLL_MILLIS = 10;

    private final Namespace namespace;
    private final Path mountPoint;
    private final Duration timeout;
    private final Path fuseDevice;
    private final LongFunction<List<String>> namesOf;
    private final FuseApi api;

    private FuseBinding filesystem;
    private OtherNamesRefresh otherNames;
    private CompletableFuture<Void> mainLoop;
    /** Set once {@link #mount()} has seen its own mount answer; read by the readiness check on other threads. */
    private volatile boolean ready;

    /**
     * A mount of a tree without hard links (no other names to refresh).
     *
     * @param namespace  the tree to show
     * @param mountPoint directory to mount on; created when missing. A symlinked parent is resolved so the
     *                   path matches what /proc/self/mountinfo shows.
     * @param timeout    bound for each of: clearing a stale mount, becoming ready, unmounting
     */
    public MountManager(Namespace namespace, Path mountPoint, Duration timeout) {
        this(namespace, id -> List.of(), mountPoint, timeout, FUSE_DEVICE, FuseApi.LIBFUSE2);
    }

    /**
     * A mount of a tree with hard links; the other parameters as above.
     *
     * @param namesOf every absolute path (within the mount) naming an inode, by its inode id (st_ino): the names whose
     *                kernel attributes a change of a hard-linked file refreshes ({@link LinkedNamesNamespace})
     */
    public MountManager(Namespace namespace, LongFunction<List<String>> namesOf, Path mountPoint, Duration timeout) {
        this(namespace, namesOf, mountPoint, timeout, FUSE_DEVICE, FuseApi.LIBFUSE2);
    }

    /**
     * A mount of a tree with hard links on the given libfuse; the other parameters as above.
     *
     * @param api the libfuse to mount with (FUSE_API)
     */
    public MountManager(Namespace namespace, LongFunction<List<String>> namesOf, Path mountPoint, Duration timeout,
                        FuseApi api) {
        this(namespace, namesOf, mountPoint, timeout, FUSE_DEVICE, api);
    }

    /** As the public constructor, with the FUSE device's path given (tests name a missing one). */
    MountManager(Namespace namespace, Path mountPoint, Duration timeout, Path fuseDevice) {
        this(namespace, id -> List.of(), mountPoint, timeout, fuseDevice, FuseApi.LIBFUSE2);
    }

    private MountManager(Namespace namespace, LongFunction<List<String>> namesOf, Path mountPoint, Duration timeout,
                         Path fuseDevice, FuseApi api) {
        this.api = Objects.requireNonNull(api, "api");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.namesOf = Objects.requireNonNull(namesOf, "namesOf");
        this.mountPoint = canonical(Objects.requireNonNull(mountPoint, "mountPoint"));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.fuseDevice = Objects.requireNonNull(fuseDevice, "fuseDevice");
    }

    /** The mount point as the kernel lists it. */
    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * Mounts and waits until the mount answers.
     *
     * @throws FuseUnavailableException when /dev/fuse or the libfuse of the API (Debian package libfuse2, or
     *                                  libfuse3-3) is missing
     * @throws MountException when this manager already mounted, another filesystem (not FUSE) is mounted
     *                        at the mount point, a stale mount cannot be cleared, libfuse refuses the mount
     *                        (its reason is on standard error) or the mount is not ready within the timeout
     */
    public synchronized void mount() {
        if (filesystem != null) {
            throw new MountException("already mounted at " + mountPoint);
        }
        if (!Files.exists(fuseDevice)) {
            throw new FuseUnavailableException(fuseDevice + " is missing: load the kernel module (modprobe fuse),"
                    + " or give a container the device (--device /dev/fuse)");
        }
        if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8)) {
            LOG.warnf("default charset is %s: jnr-fuse decodes paths with it, so non-ASCII names break;"
                    + " start the JVM with -Dfile.encoding=UTF-8", Charset.defaultCharset());
        }
        clearStaleMount();
        createMountPoint();
        FuseBinding fuse = loadFilesystem();
        CompletableFuture<Void> loop = new CompletableFuture<>();
        Thread thread = new Thread(() -> runMainLoop(fuse, loop), "fuse-main " + mountPoint);
        // libfuse's loop must not keep the JVM alive; jnr-fuse's shutdown hook unmounts at exit.
        thread.setDaemon(true);
        thread.start();
        filesystem = fuse;
        mainLoop = loop;
        try {
            awaitReady(loop);
        } catch (RuntimeException e) {
            try {
                unmount();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        fuse.handOverUnmount();
        ready = true;
        LOG.infof("mounted the tape library at %s (libfuse %d)", mountPoint, api == FuseApi.LIBFUSE3 ? 3 : 2);
    }

    /**
     * Unmounts (lazily: open files keep working until closed) and waits until the kernel no longer lists
     * the mount. Does nothing when not mounted by this manager.
     *
     * @throws MountException when the mount is still listed after the timeout
     */
    public synchronized void unmount() {
        if (filesystem == null) {
            return;
        }
        ready = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        // detach ourselves and wait for it (see TapeLibraryFuse.handOverUnmount for why not jnr-fuse's umount)
        filesystem.handOverUnmount();
        otherNames.close();
        LazyUnmounter.detach(mountPoint, timeout);
        awaitMainLoopEnd(deadline);
        filesystem = null;
        mainLoop = null;
        otherNames = null;
        LOG.infof("unmounted the tape library from %s", mountPoint);
    }

    /** Same as {@link #unmount()}. */
    @Override
    public void close() {
        unmount();
    }

    /**
     * True while this manager's mount is up: {@link #mount()} finished and the kernel lists the FUSE mount. A stale
     * mount left at the mount point by a killed predecessor is listed too, but answers nothing (readiness must not
     * count it: a reader would get "Transport endpoint is not connected").
     */
    public boolean isMounted() {
        return ready && LazyUnmounter.isFuseMounted(mountPoint);
    }

    private void clearStaleMount() {
        Optional<MountEntry> existing = MountTable.readSelf().find(mountPoint);
        if (existing.isPresent() && !existing.get().isFuse()) {
            throw new MountException("a " + existing.get().filesystemType() + " filesystem from "
                    + existing.get().source() + " is mounted at " + mountPoint + "; refusing to mount over it");
        }
        boolean notConnected = probeFailsNotConnected();
        if (existing.isPresent() || notConnected) {
            LOG.warnf("clearing a FUSE mount left at %s by a previous process (%s)", mountPoint,
                    notConnected ? NOT_CONNECTED : "still answering");
            LazyUnmounter.detach(mountPoint, timeout);
        }
    }

    /** Opening the directory always reaches the filesystem; a stat may be answered from the kernel's cache. */
    private boolean probeFailsNotConnected() {
        try (DirectoryStream<Path> ignored = Files.newDirectoryStream(mountPoint)) {
            return false;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains(NOT_CONNECTED);
        } catch (IOException e) {
            return false;
        }
    }

    private void createMountPoint() {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new MountException("cannot create the mount point " + mountPoint + ": " + e, e);
        }
    }

    private FuseBinding loadFilesystem() {
        return api == FuseApi.LIBFUSE3 ? loadLibfuse3() : loadLibfuse2();
    }

    private FuseBinding loadLibfuse2() {
        try {
            otherNames = new OtherNamesRefresh(new KernelInodes(mountPoint, new KernelNotifier.Fuse2()), namesOf);
            TapeLibraryFuse fuse = new TapeLibraryFuse(new LinkedNamesNamespace(namespace, otherNames), FILESYSTEM_NAME);
            return new FuseBinding() {
                @Override
                public void serve() {
                    // Blocking: returns when the kernel ends the session (after unmount).
                    fuse.mount(mountPoint, true, false, new String[] {"-o", String.join(",", MOUNT_OPTIONS)});
                }

                @Override
                public void handOverUnmount() {
                    fuse.handOverUnmount();
                }
            };
        } catch (LinkageError e) {
            throw new FuseUnavailableException("libfuse.so.2 cannot be loaded: install the Debian package libfuse2"
                    + " (deploy/install-deps.sh) (" + e.getMessage() + ")", e);
        }
    }

    private FuseBinding loadLibfuse3() {
        LibFuse3 fuse;
        LibC libc;
        try {
            fuse = LibFuse3.load();
            libc = LibC.load();
        } catch (LinkageError e) {
            throw new FuseUnavailableException(LibFuse3.LIBRARY + " (3.1 or later) cannot be loaded: install the"
                    + " Debian package libfuse3-3, or mount with FUSE_API=2 (" + e.getMessage() + ")", e);
        }
        otherNames = new OtherNamesRefresh(new KernelInodes(mountPoint, new KernelNotifier.Fuse3(fuse)), namesOf);
        TapeLibraryFuse3 filesystem = new TapeLibraryFuse3(new LinkedNamesNamespace(namespace, otherNames), fuse);
        return new Fuse3Session(fuse, libc, filesystem, mountPoint, MOUNT_OPTIONS_3, new MountReadAhead());
    }

    private void runMainLoop(FuseBinding fuse, CompletableFuture<Void> loop) {
        try {
            fuse.serve();
            loop.complete(null);
        } catch (Throwable e) {
            loop.completeExceptionally(e);
        }
    }

    private void awaitReady(CompletableFuture<Void> loop) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(LazyUnmounter.isFuseMounted(mountPoint) && statAnswers())) {
            if (System.nanoTime() - deadline > 0) {
                throw new MountException("the FUSE mount at " + mountPoint + " was not ready within "
                        + timeout.toMillis() + " ms");
            }
            try {
                // Waiting on the loop doubles as the poll interval and notices libfuse giving up at once.
                loop.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                throw new MountException("libfuse ended before the mount at " + mountPoint
                        + " was ready; its reason is on standard error");
            } catch (TimeoutException stillRunning) {
                // not ready yet
            } catch (ExecutionException e) {
                throw new MountException("libfuse refused to mount at " + mountPoint
                        + " (its reason is on standard error): " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MountException("interrupted while waiting for the mount at " + mountPoint, e);
            }
        }
    }

    private boolean statAnswers() {
        try {
            return Files.readAttributes(mountPoint, BasicFileAttributes.class).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitMainLoopEnd(long deadline) {
        try {
            mainLoop.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // A lazy unmount keeps the session while a process still has a file open; the loop ends then.
            LOG.infof("libfuse's loop for %s still runs (files still open); it ends when they are closed", mountPoint);
        } catch (ExecutionException e) {
            LOG.debugf(e.getCause(), "libfuse's loop for %s ended with an error", mountPoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Absolute, normalized, with the parent's symlinks resolved when the parent exists. */
    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            return absolute;
        }
        try {
            return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }
}

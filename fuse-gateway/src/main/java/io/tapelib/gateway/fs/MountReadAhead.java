package io.tapelib.gateway.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Widens the kernel's read-ahead of the mount to one full READ request. A FUSE mount's backing device
 * ({@code /sys/class/bdi/MAJOR:MINOR}) starts with the kernel's default read-ahead of 128 KiB, and the kernel lowers
 * it further to what the filesystem's init reply allows, never raises it (fs/fuse/inode.c, process_init_reply); so a
 * sequential read of a file through the page cache arrives as READ requests of 128 KiB, each a round trip through
 * libfuse and the JVM, although the connection takes 1 MiB ({@link TapeLibraryFuse3#MAX_WRITE}: libfuse 3 sets the
 * kernel's max_pages from it). The device's {@code read_ahead_kb} may be changed once mounted; opens after the change
 * use it (mm/readahead.c, file_ra_state_init). It must be changed before the reply to the kernel's INIT request, which
 * lowers it to the reply's {@code max_readahead} ({@link TapeLibraryFuse3}'s init asks for 1 MiB): so between
 * {@code fuse_mount} and the session's loop. Reading {@code /proc/self/mountinfo} sends no request to the mount, so
 * nothing waits on the loop.
 *
 * <p>Best effort: without root, or with sysfs read-only, the mount keeps the kernel's default and this says so at
 * debug level.
 */
final class MountReadAhead {
    private static final Logger LOG = Logger.getLogger(MountReadAhead.class);

    /** The read-ahead set: one READ request of {@link TapeLibraryFuse3#MAX_WRITE} bytes, KiB. */
    static final int READ_AHEAD_KIB = TapeLibraryFuse3.MAX_WRITE / 1024;

    private final Path mountInfo;
    private final Path bdiRoot;

    /** The running kernel's: {@code /proc/self/mountinfo} and {@code /sys/class/bdi}. */
    MountReadAhead() {
        this(Path.of("/proc/self/mountinfo"), Path.of("/sys/class/bdi"));
    }

    /**
     * @param mountInfo a file in the format of proc(5)'s {@code /proc/PID/mountinfo}
     * @param bdiRoot   the directory of the backing devices, one {@code MAJOR:MINOR/read_ahead_kb} each
     */
    MountReadAhead(Path mountInfo, Path bdiRoot) {
        this.mountInfo = mountInfo;
        this.bdiRoot = bdiRoot;
    }

    /**
     * Sets the read-ahead of the FUSE filesystem mounted last at {@code mountPoint} to {@link #READ_AHEAD_KIB}.
     *
     * @return whether it was set (false: no FUSE mount there, or the kernel's setting could not be written)
     */
    boolean widen(Path mountPoint) {
        try {
            Optional<MountEntry> mount = MountTable.parse(Files.readAllLines(mountInfo, StandardCharsets.UTF_8))
                    .find(mountPoint).filter(MountEntry::isFuse);
            if (mount.isEmpty()) {
                LOG.debugf("no FUSE mount at %s in %s: its read-ahead stays the kernel's", mountPoint, mountInfo);
                return false;
            }
            Files.writeString(bdiRoot.resolve(mount.get().device()).resolve("read_ahead_kb"), READ_AHEAD_KIB + "\n");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("the read-ahead of the mount at %s stays the kernel's: %s", mountPoint, e);
            return false;
        }
    }
}

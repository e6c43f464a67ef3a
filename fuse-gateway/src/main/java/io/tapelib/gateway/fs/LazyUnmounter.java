package io.tapelib.gateway.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Detaches a FUSE mount, live or stale, the way the kernel allows even while files are open: first
 * {@code fusermount -u -z} (Debian package fuse3; works for the mounting user), then {@code umount -l}
 * (root only), and waits until /proc/self/mountinfo no longer lists the mount point.
 */
final class LazyUnmounter {

    private static final Logger LOG = Logger.getLogger(LazyUnmounter.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private LazyUnmounter() {
    }

    /**
     * Detaches every FUSE mount stacked at {@code mountPoint}.
     *
     * @param mountPoint absolute, normalized mount point as /proc/self/mountinfo shows it
     * @param timeout    how long to wait in all (commands and polling)
     * @throws MountException when a mount is still listed at the deadline, with the commands' own output
     */
    static void detach(Path mountPoint, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder outputs = new StringBuilder();
        while (isFuseMounted(mountPoint)) {
            if (System.nanoTime() - deadline > 0) {
                throw new MountException("the FUSE mount at " + mountPoint + " is still attached after "
                        + timeout.toMillis() + " ms;" + outputs);
            }
            String fusermount = run(List.of("fusermount", "-u", "-z", mountPoint.toString()), deadline);
            if (fusermount != null) {
                outputs.append(" fusermount: ").append(fusermount);
                String umount = run(List.of("umount", "-l", mountPoint.toString()), deadline);
                if (umount != null) {
                    outputs.append(" umount: ").append(umount);
                }
            }
            awaitGone(mountPoint, deadline);
        }
    }

    /** Polls until no FUSE mount is listed at the mount point or the deadline passes. */
    static boolean awaitGone(Path mountPoint, long deadlineNanos) {
        while (isFuseMounted(mountPoint)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    static boolean isFuseMounted(Path mountPoint) {
        return MountTable.readSelf().find(mountPoint).filter(MountEntry::isFuse).isPresent();
    }

    /** Runs a command to completion before the deadline; null on success, else its output or the failure. */
    private static String run(List<String> command, long deadlineNanos) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            long remaining = Math.max(deadlineNanos - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
            if (!process.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                return "did not finish in time";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() == 0) {
                return null;
            }
            LOG.debugf("%s exited with %d: %s", command, process.exitValue(), output);
            return "exit " + process.exitValue() + (output.isEmpty() ? "" : " (" + output + ")");
        } catch (IOException e) {
            return "cannot run " + command.get(0) + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while running " + command, e);
        }
    }
}

package io.tapelib.controller.device.ownership;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Exclusive ownership of a device node for the life of the controller: an exclusive, non-blocking lock on the
 * node ({@link FileChannel#tryLock(long, long, boolean)}, a POSIX record lock through fcntl(2) F_SETLK on Linux).
 * The node is opened read-write, which the controller needs for the device anyway; opening a SCSI generic node
 * sends nothing to the device. A second controller, or any tool that takes the same kind of lock, is refused and
 * named. The lock goes with the process, so a crash never leaves a stale lock behind.
 */
public final class DeviceOwnership implements AutoCloseable {

    private final Path device;
    private final FileChannel channel;
    private final FileLock lock;

    private DeviceOwnership(Path device, FileChannel channel, FileLock lock) {
        this.device = device;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the device without waiting.
     *
     * @param device    the device node, e.g. {@code /dev/sg1}
     * @param processes where to look for the holder when the device is taken
     * @throws DeviceBusyException another process holds the lock; the message names every process that holds the
     *                             node (pid and command line), or says that none could be seen
     * @throws DeviceException     the node does not exist, may not be opened read-write (the message says which
     *                             group to join), or cannot be locked (the system's own words)
     */
    public static DeviceOwnership acquire(Path device, ProcessTable processes) {
        FileChannel channel;
        try {
            channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new DeviceException(device.toString(), "no such device node (" + e.getMessage() + ")");
        } catch (AccessDeniedException e) {
            throw new DeviceException(device.toString(), "permission denied opening it read-write as user "
                    + System.getProperty("user.name") + " (" + e.getMessage() + "); add the user to the device's group"
                    + " (usually 'tape') or install the udev rule from the README");
        } catch (IOException e) {
            throw new DeviceException(device.toString(), "cannot open it read-write: " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, false);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DeviceBusyException(device.toString(), "device in use: this process already owns it");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DeviceException(device.toString(), "cannot lock it: " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw inUse(device, processes);
        }
        return new DeviceOwnership(device, channel, lock);
    }

    /**
     * The error for a device that another process holds, naming the holders found in {@code processes}; also used
     * when the st driver answers EBUSY to an open.
     *
     * @param detail the device's own words (e.g. "Device or resource busy"), or empty
     */
    public static DeviceBusyException inUse(Path device, ProcessTable processes, String detail) {
        DeviceHolders found = processes.holdersOf(device);
        List<DeviceHolder> holders = found.holders();
        String who = holders.isEmpty()
                ? "no holding process is visible" + (found.incomplete()
                        ? " (processes of other users could not be inspected; run 'fuser -v " + device + "' as root)"
                        : "")
                : holders.stream().map(DeviceHolder::describe).collect(Collectors.joining("; "));
        return new DeviceBusyException(device.toString(), "device in use by another process"
                + (detail.isBlank() ? "" : " (" + detail + ")") + ": " + who
                + "; stop it (or the other tape-controller) before starting this one");
    }

    /** {@link #inUse(Path, ProcessTable, String)} without the device's words. */
    public static DeviceBusyException inUse(Path device, ProcessTable processes) {
        return inUse(device, processes, "");
    }

    /** The owned device node. */
    public Path device() {
        return device;
    }

    /** Releases the lock and closes the node. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

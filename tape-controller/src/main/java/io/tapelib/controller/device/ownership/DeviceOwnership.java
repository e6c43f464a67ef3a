package io.tapelib.controller.device.ownership;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Exclusive ownership of a device node for the life of the controller: an {@link ExclusiveLock} on the node. A second
 * controller, or any tool that takes the same kind of lock, is refused and named. This class gives the device's
 * errors their words: a missing node, a permission to ask for, the holders by pid and command line.
 */
public final class DeviceOwnership implements AutoCloseable {

    private final Path device;
    private final ExclusiveLock lock;

    private DeviceOwnership(Path device, ExclusiveLock lock) {
        this.device = device;
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
        try {
            return new DeviceOwnership(device, ExclusiveLock.onExistingFile(device, processes));
        } catch (LockHeldException e) {
            if (e.heldByThisProcess()) {
                throw new DeviceBusyException(device.toString(), "device in use: this process already owns it");
            }
            throw busy(device, "", e.holder());
        } catch (NoSuchFileException e) {
            throw new DeviceException(device.toString(), "no such device node (" + e.getMessage() + ")");
        } catch (AccessDeniedException e) {
            throw new DeviceException(device.toString(), "permission denied opening it read-write as user "
                    + System.getProperty("user.name") + " (" + e.getMessage() + "); add the user to the device's group"
                    + " (usually 'tape') or install the udev rule from the README");
        } catch (IOException e) {
            throw new DeviceException(device.toString(), "cannot open or lock it read-write: " + e, e);
        }
    }

    /**
     * The error for a device that another process holds, naming the holders found in {@code processes}; also used
     * when the st driver answers EBUSY to an open.
     *
     * @param detail the device's own words (e.g. "Device or resource busy"), or empty
     */
    public static DeviceBusyException inUse(Path device, ProcessTable processes, String detail) {
        return busy(device, detail, processes.holdersOf(device).describe(device));
    }

    /** {@link #inUse(Path, ProcessTable, String)} without the device's words. */
    public static DeviceBusyException inUse(Path device, ProcessTable processes) {
        return inUse(device, processes, "");
    }

    private static DeviceBusyException busy(Path device, String detail, String who) {
        return new DeviceBusyException(device.toString(), "device in use by another process"
                + (detail.isBlank() ? "" : " (" + detail + ")") + ": " + who
                + "; stop it (or the other tape-controller) before starting this one");
    }

    /** The owned device node. */
    public Path device() {
        return device;
    }

    /** Releases the lock and closes the node. */
    @Override
    public void close() {
        lock.close();
    }
}

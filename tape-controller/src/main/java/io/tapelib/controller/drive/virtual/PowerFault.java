package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;

/**
 * A virtual drive's simulated power loss (behind {@link VirtualTapeDrive#losePowerAfter} and
 * {@link VirtualTapeDrive#restorePower}): armed with a count of logical objects, it strikes as the next one is
 * asked to be written, and every command but status then fails until the power is restored.
 */
final class PowerFault {

    private final String driveName;
    /** Objects still written before the loss; -1 when nothing is armed. */
    private volatile long objectsBeforeLoss = -1;
    private volatile boolean lost;

    PowerFault(String driveName) {
        this.driveName = driveName;
    }

    /** @throws IllegalArgumentException {@code objects} is negative */
    void arm(long objects) {
        if (objects < 0) {
            throw new IllegalArgumentException("objects before the power loss must not be negative, got " + objects);
        }
        objectsBeforeLoss = objects;
    }

    boolean lost() {
        return lost;
    }

    /** Power is back and nothing is armed; returns whether it had been lost. */
    boolean restore() {
        boolean wasLost = lost;
        objectsBeforeLoss = -1;
        lost = false;
        return wasLost;
    }

    /**
     * Called before each object is written at {@code block} of {@code partition}: loses the power once the armed count
     * is used up.
     *
     * @throws DeviceException the power is lost now (NOT READY)
     */
    void beforeObject(int partition, long block) {
        if (objectsBeforeLoss == 0) {
            objectsBeforeLoss = -1;
            lost = true;
            throw loss(partition, block);
        }
        if (objectsBeforeLoss > 0) {
            objectsBeforeLoss--;
        }
    }

    /** @throws DeviceException the power is lost (NOT READY) */
    void require(int partition, long block) {
        if (lost) {
            throw loss(partition, block);
        }
    }

    private DeviceException loss(int partition, long block) {
        return new DeviceException(driveName, "NOT READY, 04/00 LOGICAL UNIT NOT READY: the drive lost power (simulated)"
                + " at block " + block + " of partition " + partition);
    }
}

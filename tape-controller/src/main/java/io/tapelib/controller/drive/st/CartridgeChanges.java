package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import jnr.constants.platform.Errno;

import java.util.Objects;

/**
 * The moments the cartridge behind an st node changes (attach, MTLOAD, MTUNLOAD, the eject that ends a cleaning
 * cycle, MTMKPART) and what the adapter then forgets of the old one: where EOD lies, the partitions' capacity, the
 * blocks written since the last filemark and the read state. After a load or a re-format it sets variable block mode
 * again (MTSETBLK 0), which st forgets when the cartridge changes (Documentation/scsi/st.rst).
 *
 * <p>Not thread-safe, like the drive.
 */
final class CartridgeChanges {
    private final String name;
    private final StNodeHandle node;
    private final StDriverOptions driverOptions;
    private final OnlineWait onlineWait;
    private final EndOfDataTracker eod;
    private final TapeCapacityLookup capacities;
    private final PendingWrites pendingWrites;
    private final BlockReader reader;

    /** @param name the drive's name, for error messages */
    CartridgeChanges(String name, StNodeHandle node, StDriverOptions driverOptions, OnlineWait onlineWait,
                     EndOfDataTracker eod, TapeCapacityLookup capacities, PendingWrites pendingWrites,
                     BlockReader reader) {
        this.name = Objects.requireNonNull(name);
        this.node = Objects.requireNonNull(node);
        this.driverOptions = Objects.requireNonNull(driverOptions);
        this.onlineWait = Objects.requireNonNull(onlineWait);
        this.eod = Objects.requireNonNull(eod);
        this.capacities = Objects.requireNonNull(capacities);
        this.pendingWrites = Objects.requireNonNull(pendingWrites);
        this.reader = Objects.requireNonNull(reader);
    }

    /**
     * Opens the node, switches the driver options on and, when a cartridge is online, sets variable block mode.
     *
     * @throws DeviceException the node cannot be opened or an option cannot be set; the node is then closed
     */
    void attach() {
        node.open();
        try {
            driverOptions.enable();
            if (node.mtget().online()) {
                variableBlockMode();
            }
        } catch (RuntimeException e) {
            node.closeQuietly();
            throw e;
        }
    }

    /**
     * MTLOAD, then waits until the drive is online, and sets variable block mode.
     *
     * @throws MediumNotPresentException no cartridge in the drive (ENOMEDIUM, or the door is open)
     * @throws DeviceException           not ready within the online timeout, or the load failed
     */
    void load() {
        pendingWrites.flush();
        int result = node.mtop(Mtio.MTLOAD, 1);
        if (result < 0) {
            MtStatus status = node.mtgetQuietly();
            if (StErrors.is(-result, Errno.ENOMEDIUM) || (status != null && status.doorOpen())) {
                throw new MediumNotPresentException(name, "MTLOAD failed: " + StErrors.describe(-result)
                        + ": NOT READY, MEDIUM NOT PRESENT: no cartridge in the drive");
            }
            throw node.failure("MTLOAD", -result);
        }
        onlineWait.await();
        forgetCartridge();
        variableBlockMode();
    }

    /**
     * MTUNLOAD after flushing written blocks without adding a filemark; the old cartridge is forgotten even when the
     * unload fails.
     *
     * @throws DeviceException the unload failed (the st driver's errno in the message)
     */
    void unload() {
        pendingWrites.flush();
        int result = node.mtop(Mtio.MTUNLOAD, 1);
        forgetCartridge();
        if (result < 0) {
            throw node.failure("MTUNLOAD", -result);
        }
    }

    /**
     * Waits for the drive to eject its cleaning cartridge (GMT_DR_OPEN) within the online timeout.
     *
     * @throws DeviceException not ejected in time, or interrupted
     */
    void awaitCleaningEjected() {
        onlineWait.awaitEjected();
        forgetCartridge();
    }

    /**
     * After MTMKPART: the cartridge now has {@code partitions} empty partitions, in variable block mode.
     *
     * @throws DeviceException MTSETBLK failed
     */
    void formatted(int partitions) {
        forgetCartridge();
        variableBlockMode();
        capacities.formatted(partitions);
        eod.formatted();
    }

    private void variableBlockMode() {
        node.check(node.mtop(Mtio.MTSETBLK, 0), "MTSETBLK 0 (variable block mode)");
    }

    private void forgetCartridge() {
        eod.clear();
        capacities.forget();
        pendingWrites.ended();
        reader.reset();
    }
}

package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.library.CartridgeStore;
import io.tapelib.controller.library.LibraryElements;

import java.io.IOException;
import java.util.Optional;

/**
 * The medium of one virtual drive: the cartridge threaded from its data transfer element, and what a command
 * requires of it before it runs (an open library, power, a threaded cartridge, no write-protect tab, an existing
 * partition), each refused with the sense key and additional sense code a drive reports (SSC-4 and SPC-4 sense
 * codes, as the st driver passes them on).
 *
 * <p>Not thread-safe, like the drive, but {@link #current()} may be read from another thread (an operator's
 * inventory asks the drive's status while a job uses it).
 */
final class DriveMedium {
    private final int number;
    private final String name;
    private final LibraryElements elements;
    private final CartridgeStore store;
    private final PowerFault power;
    private final TapeHead head;
    private final RecordSync sync = new RecordSync();
    private final RecordFiles files = new RecordFiles();
    private final RecordWriteBehind behind;
    private final RecordReadAhead readAhead;
    private volatile ThreadedCartridge cartridge;

    /**
     * @param number the data transfer element number, from 0
     * @param name   the drive's name, for error messages
     */
    DriveMedium(int number, String name, LibraryElements elements, CartridgeStore store, PowerFault power,
                TapeHead head) {
        this.number = number;
        this.name = name;
        this.elements = elements;
        this.store = store;
        this.power = power;
        this.head = head;
        this.behind = new RecordWriteBehind(name, files);
        this.readAhead = new RecordReadAhead(name, files);
    }

    /** The threaded cartridge; empty when none is threaded. */
    Optional<ThreadedCartridge> current() {
        return Optional.ofNullable(cartridge);
    }

    /** The cartridge in the drive's data transfer element, threaded or not. */
    Optional<String> inElement() {
        return elements.cartridgeIn(number);
    }

    /**
     * Threads the cartridge the changer placed in the drive's data transfer element.
     *
     * @throws MediumNotPresentException                               the element is empty
     * @throws io.tapelib.controller.device.CleaningCartridgeException the element holds a cleaning cartridge
     * @throws DeviceException the library was closed, or the cartridge's directory cannot be read (MEDIUM ERROR; the
     *                         cartridge is then not threaded)
     */
    void thread() {
        String volumeTag = elements.thread(number, name);
        try {
            cartridge = ThreadedCartridge.thread(store, volumeTag, sync, files, behind, readAhead);
        } catch (IOException | RuntimeException e) {
            elements.unthread(number);
            throw new DeviceException(name, "MEDIUM ERROR, cannot thread " + volumeTag + ": " + e.getMessage(), e);
        }
    }

    /**
     * Threads the threaded cartridge again from its directory, as a drive does at power-on, reading up to EOD. Does
     * nothing when no cartridge is threaded.
     *
     * @throws DeviceException the cartridge's directory cannot be read (MEDIUM ERROR)
     */
    void rethread() {
        ThreadedCartridge threaded = cartridge;
        if (threaded == null) {
            return;
        }
        String volumeTag = threaded.metadata().volumeTag();
        try {
            cartridge = ThreadedCartridge.thread(store, volumeTag, sync, files, behind, readAhead);
        } catch (IOException e) {
            throw new DeviceException(name, "MEDIUM ERROR, cannot thread " + volumeTag + " after power-on: "
                    + e.getMessage(), e);
        }
    }

    /** Forgets the threaded cartridge and lets the robot take it. */
    void unthread() {
        cartridge = null;
        elements.unthread(number);
    }

    /**
     * @throws DeviceException the drive lost power (a simulated power loss, {@link PowerFault})
     */
    void requirePower() {
        power.require(head.partition(), head.block());
    }

    /**
     * The threaded cartridge, for a command that needs one.
     *
     * @throws DeviceException           the library was closed, or the drive lost power
     * @throws MediumNotPresentException no cartridge is threaded (04/02 when one is in the drive, 3A/00 when none)
     */
    ThreadedCartridge threaded() {
        elements.checkOpen(name);
        requirePower();
        ThreadedCartridge threaded = cartridge;
        if (threaded == null) {
            throw notPresent();
        }
        return threaded;
    }

    /**
     * The threaded cartridge, for a command that writes.
     *
     * @throws WriteProtectedException the cartridge has its write-protect tab set (DATA PROTECT, 27/00)
     * @throws DeviceException         as {@link #threaded()}
     */
    ThreadedCartridge writable() {
        ThreadedCartridge threaded = threaded();
        if (threaded.metadata().writeProtected()) {
            throw new WriteProtectedException(name, "DATA PROTECT, 27/00 WRITE PROTECTED: "
                    + threaded.metadata().volumeTag() + " has its write-protect tab set");
        }
        return threaded;
    }

    /**
     * @throws DeviceException the partition does not exist on the threaded cartridge (ILLEGAL REQUEST, 24/00)
     */
    void requirePartition(ThreadedCartridge threaded, int p) {
        if (p < 0 || p >= threaded.partitionCount()) {
            throw new DeviceException(name, "ILLEGAL REQUEST, 24/00 INVALID FIELD IN CDB: partition " + p
                    + " does not exist, " + threaded.metadata().volumeTag() + " has " + threaded.partitionCount()
                    + " partition(s)");
        }
    }

    /** NOT READY: 04/02 when a cartridge is in the drive but not threaded, 3A/00 when the drive is empty. */
    MediumNotPresentException notPresent() {
        return new MediumNotPresentException(name, inElement()
                .map(tag -> "NOT READY, 04/02 INITIALIZING COMMAND REQUIRED: " + tag + " is in the drive but not loaded")
                .orElse("NOT READY, 3A/00 MEDIUM NOT PRESENT"));
    }
}

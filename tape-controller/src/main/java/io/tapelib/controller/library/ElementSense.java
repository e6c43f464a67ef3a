package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;

/**
 * The virtual changer's element errors in the device's own words (SMC-3 sense keys and additional sense codes, as a
 * library reports them and mtx prints them), each naming the element by mtx ordinal and SCSI element address.
 * Pure: built from the library's geometry.
 */
final class ElementSense {
    private final ElementAddresses addresses;
    private final int storageSlots;
    private final int slotCount;
    private final int driveCount;

    /**
     * @param storageSlots storage elements (ordinals 1..storageSlots)
     * @param slotCount    storage plus import/export elements
     * @param driveCount   data transfer elements (0..driveCount - 1)
     */
    ElementSense(ElementAddresses addresses, int storageSlots, int slotCount, int driveCount) {
        this.addresses = addresses;
        this.storageSlots = storageSlots;
        this.slotCount = slotCount;
        this.driveCount = driveCount;
    }

    /** @throws UnknownElementException 21/01 INVALID ELEMENT ADDRESS: no such storage or import/export element */
    void requireSlot(int slot) {
        if (slot < 1 || slot > slotCount) {
            throw new UnknownElementException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 21/01 INVALID ELEMENT"
                    + " ADDRESS: no slot " + slot + " (storage elements 1.." + storageSlots + " at addresses "
                    + addresses.slot(1) + ".." + addresses.slot(storageSlots) + ", import/export elements "
                    + (storageSlots + 1) + ".." + slotCount
                    + (slotCount > storageSlots ? " at addresses " + addresses.slot(storageSlots + 1) + ".."
                    + addresses.slot(slotCount) : "") + ")");
        }
    }

    /** @throws UnknownElementException 21/01 INVALID ELEMENT ADDRESS: no such data transfer element */
    void requireDrive(int drive) {
        if (drive < 0 || drive >= driveCount) {
            throw new UnknownElementException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 21/01 INVALID ELEMENT"
                    + " ADDRESS: no data transfer element " + drive + " (0.." + (driveCount - 1) + " at addresses "
                    + addresses.dataTransfer(0) + ".." + addresses.dataTransfer(driveCount - 1) + ")");
        }
    }

    /** 3B/0E MEDIUM SOURCE ELEMENT EMPTY for a slot. */
    SourceEmptyException slotEmpty(int slot) {
        return new SourceEmptyException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 3B/0E MEDIUM SOURCE ELEMENT"
                + " EMPTY: " + describe(slot) + " is empty");
    }

    /** 3B/0E MEDIUM SOURCE ELEMENT EMPTY for a drive. */
    SourceEmptyException driveEmpty(int drive) {
        return new SourceEmptyException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 3B/0E MEDIUM SOURCE ELEMENT"
                + " EMPTY: " + describeDrive(drive) + " is empty");
    }

    /** 3B/0D MEDIUM DESTINATION ELEMENT FULL for a slot holding {@code holder}. */
    DestinationFullException slotFull(int slot, String holder) {
        return new DestinationFullException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 3B/0D MEDIUM DESTINATION"
                + " ELEMENT FULL: " + describe(slot) + " holds " + holder);
    }

    /** 3B/0D MEDIUM DESTINATION ELEMENT FULL for a drive holding {@code holder}. */
    DestinationFullException driveFull(int drive, String holder) {
        return new DestinationFullException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 3B/0D MEDIUM DESTINATION"
                + " ELEMENT FULL: " + describeDrive(drive) + " holds " + holder);
    }

    /** 53/02 MEDIUM REMOVAL PREVENTED: the drive still has {@code tag} threaded. */
    MoveFailedException removalPrevented(int drive, String tag) {
        return new MoveFailedException(LibraryElements.CHANGER_DEVICE, "ILLEGAL REQUEST, 53/02 MEDIUM REMOVAL"
                + " PREVENTED: " + tag + " is loaded in " + describeDrive(drive) + "; unload the drive first");
    }

    private String describe(int slot) {
        return addresses.describe(slot <= storageSlots ? ElementType.STORAGE : ElementType.IMPORT_EXPORT, slot);
    }

    private String describeDrive(int drive) {
        return addresses.describe(ElementType.DATA_TRANSFER, drive);
    }
}

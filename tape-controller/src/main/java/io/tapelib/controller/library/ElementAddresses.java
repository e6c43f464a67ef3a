package io.tapelib.controller.library;

import io.tapelib.controller.changer.ElementType;

/**
 * The SCSI element addresses of a library's elements, as its Element Address Assignment mode page (SMC-3 7.3.4,
 * page 1Dh) reports them; ordinals are what {@code mtx status} prints. The layout copies an HPE MSL3040
 * (shared/fixtures/hardware/sg_modes-1d-element-address-hpe-msl3040.txt): medium transport element 0x0000, data
 * transfer elements from 0x0001, storage elements from 0x03e9 (1001); this library numbers its import/export
 * elements right after the storage elements. mtx prints ordinals in {@code status} but these raw addresses in its
 * errors ("MOVE MEDIUM from Element Address 257 to 4097 Failed").
 *
 * @param firstDataTransfer  address of data transfer element 0
 * @param firstStorage       address of storage element 1
 * @param storageSlots       number of storage elements
 * @param firstImportExport  address of the first import/export element
 */
public record ElementAddresses(int firstDataTransfer, int firstStorage, int storageSlots, int firstImportExport) {

    /** Address of the robot's picker (medium transport element). */
    public static final int MEDIUM_TRANSPORT = 0x0000;

    /** The MSL layout for {@code storageSlots} storage elements. */
    public static ElementAddresses msl(int storageSlots) {
        return new ElementAddresses(0x0001, 0x03e9, storageSlots, 0x03e9 + storageSlots);
    }

    /** Address of data transfer element {@code drive} (from 0). */
    public int dataTransfer(int drive) {
        return firstDataTransfer + drive;
    }

    /** Address of the slot with mtx ordinal {@code slot}: storage elements 1..storageSlots, then import/export elements. */
    public int slot(int slot) {
        return slot <= storageSlots ? firstStorage + slot - 1 : firstImportExport + slot - storageSlots - 1;
    }

    /** The mtx ordinal of a storage or import/export element address. */
    public int slotOrdinal(int address) {
        return address >= firstImportExport ? address - firstImportExport + storageSlots + 1 : address - firstStorage + 1;
    }

    /**
     * An element in words as mtx and the library's own logs name it: ordinal, then the raw address,
     * e.g. {@code storage element 3 (address 1003)}.
     */
    public String describe(ElementType type, int ordinal) {
        return switch (type) {
            case DATA_TRANSFER -> "data transfer element " + ordinal + " (address " + dataTransfer(ordinal) + ")";
            case STORAGE -> "storage element " + ordinal + " (address " + slot(ordinal) + ")";
            case IMPORT_EXPORT -> "import/export element " + ordinal + " (address " + slot(ordinal) + ")";
            case MEDIUM_TRANSPORT -> "medium transport element (address " + MEDIUM_TRANSPORT + ")";
        };
    }
}

package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.library.StoredLibrary.StoredDrive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The element table of a virtual library: which cartridge each storage, import/export and data transfer element
 * holds, each drive's source slot, and whether a drive has its cartridge threaded. The rules of a move are here (SMC-3
 * MOVE MEDIUM: a full source, an empty destination, no removal of a threaded cartridge), refused with the device's
 * sense ({@link ElementSense}); recording a move and the state file are {@link LibraryElements}' job.
 *
 * <p>Slots are addressed by mtx ordinal: storage elements 1..storageSlots, then import/export elements. Drives by
 * data transfer element number from 0.
 *
 * <p>Not thread-safe: its owner's monitor ({@link LibraryElements}) guards it. Each move returns the move that undoes
 * it, for when the new state cannot be recorded.
 */
final class ElementTable {
    private final int storageSlots;
    /** Index ordinal - 1: storage slots first, then import/export slots; null when empty. */
    private final String[] slots;
    private final String[] drives;
    private final Integer[] sourceSlots;
    /** Not persisted: a restarted library's drives have lost their threading, as after a power cycle. */
    private final boolean[] threaded;
    private final ElementAddresses addresses;
    private final ElementSense sense;

    /** The elements as {@code library.json} holds them, no drive threaded. */
    ElementTable(StoredLibrary stored) {
        this.storageSlots = stored.storageSlots();
        this.slots = new String[stored.storageSlots() + stored.importExportSlots()];
        for (int i = 0; i < stored.storage().size(); i++) {
            slots[i] = stored.storage().get(i);
        }
        for (int i = 0; i < stored.importExport().size(); i++) {
            slots[storageSlots + i] = stored.importExport().get(i);
        }
        this.drives = new String[stored.drives().size()];
        this.sourceSlots = new Integer[drives.length];
        for (int i = 0; i < drives.length; i++) {
            drives[i] = stored.drives().get(i).volumeTag();
            sourceSlots[i] = stored.drives().get(i).sourceSlot();
        }
        this.threaded = new boolean[drives.length];
        this.addresses = ElementAddresses.msl(storageSlots);
        this.sense = new ElementSense(addresses, storageSlots, slots.length, drives.length);
    }

    int storageSlots() {
        return storageSlots;
    }

    int importExportSlots() {
        return slots.length - storageSlots;
    }

    int driveCount() {
        return drives.length;
    }

    ElementAddresses addresses() {
        return addresses;
    }

    /**
     * Every element's status descriptor: data transfer elements, then storage, then import/export elements, each in
     * address order, volume tags padded to {@value ElementStatus#VOLUME_TAG_FIELD} characters.
     */
    List<ElementStatus> status() {
        List<ElementStatus> status = new ArrayList<>();
        for (int d = 0; d < drives.length; d++) {
            status.add(new ElementStatus(ElementType.DATA_TRANSFER, addresses.dataTransfer(d), drives[d] != null,
                    ElementStatus.pad(drives[d]),
                    sourceSlots[d] == null ? OptionalInt.empty() : OptionalInt.of(addresses.slot(sourceSlots[d]))));
        }
        for (int i = 0; i < slots.length; i++) {
            ElementType type = i < storageSlots ? ElementType.STORAGE : ElementType.IMPORT_EXPORT;
            status.add(new ElementStatus(type, addresses.slot(i + 1), slots[i] != null, ElementStatus.pad(slots[i]),
                    OptionalInt.empty()));
        }
        return status;
    }

    /**
     * Moves a cartridge from a storage or import/export element into a drive and records the source slot.
     *
     * @return the move back
     * @throws UnknownElementException  no such slot or drive
     * @throws SourceEmptyException     the slot is empty
     * @throws DestinationFullException the drive holds a cartridge
     */
    Runnable moveSlotToDrive(int slot, int drive) {
        sense.requireSlot(slot);
        sense.requireDrive(drive);
        String tag = requireSlotFull(slot);
        if (drives[drive] != null) {
            throw sense.driveFull(drive, drives[drive]);
        }
        slots[slot - 1] = null;
        drives[drive] = tag;
        sourceSlots[drive] = slot;
        return () -> {
            drives[drive] = null;
            sourceSlots[drive] = null;
            slots[slot - 1] = tag;
        };
    }

    /**
     * Moves the cartridge of a drive whose cartridge is not threaded to a slot.
     *
     * @return the move back
     * @throws UnknownElementException  no such slot or drive
     * @throws SourceEmptyException     the drive is empty
     * @throws MoveFailedException      the drive has its cartridge threaded (53/02 MEDIUM REMOVAL PREVENTED)
     * @throws DestinationFullException the slot is full
     */
    Runnable moveDriveToSlot(int drive, int slot) {
        sense.requireDrive(drive);
        sense.requireSlot(slot);
        String tag = drives[drive];
        if (tag == null) {
            throw sense.driveEmpty(drive);
        }
        if (threaded[drive]) {
            throw sense.removalPrevented(drive, tag);
        }
        requireSlotEmpty(slot);
        Integer source = sourceSlots[drive];
        drives[drive] = null;
        sourceSlots[drive] = null;
        slots[slot - 1] = tag;
        return () -> {
            slots[slot - 1] = null;
            drives[drive] = tag;
            sourceSlots[drive] = source;
        };
    }

    /**
     * Moves a cartridge between two storage or import/export elements.
     *
     * @return the move back
     * @throws UnknownElementException  no such slot
     * @throws SourceEmptyException     the source is empty
     * @throws DestinationFullException the destination is full (also when both are the same slot)
     */
    Runnable moveSlotToSlot(int from, int to) {
        sense.requireSlot(from);
        sense.requireSlot(to);
        String tag = requireSlotFull(from);
        requireSlotEmpty(to);
        slots[from - 1] = null;
        slots[to - 1] = tag;
        return () -> {
            slots[to - 1] = null;
            slots[from - 1] = tag;
        };
    }

    /**
     * Checks that {@link #place} would accept the cartridge, without placing it.
     *
     * @throws UnknownElementException  no such slot
     * @throws DestinationFullException the slot is full
     * @throws IllegalArgumentException the volume tag is already in the library
     */
    void checkPlaceable(String volumeTag, int slot) {
        sense.requireSlot(slot);
        requireSlotEmpty(slot);
        Optional<String> there = location(volumeTag);
        if (there.isPresent()) {
            throw new IllegalArgumentException("volume tag " + volumeTag + " is already in the library ("
                    + there.get() + ")");
        }
    }

    /**
     * Places a cartridge that is not yet in the library into an empty slot.
     *
     * @return the removal that undoes it
     * @throws UnknownElementException  no such slot
     * @throws DestinationFullException the slot is full
     * @throws IllegalArgumentException the volume tag is already in the library
     */
    Runnable place(String volumeTag, int slot) {
        checkPlaceable(volumeTag, slot);
        slots[slot - 1] = volumeTag;
        return () -> slots[slot - 1] = null;
    }

    /** Where a cartridge is, in words ("storage element 3", "data transfer element 0"); empty when not in the library. */
    Optional<String> location(String volumeTag) {
        for (int d = 0; d < drives.length; d++) {
            if (volumeTag.equals(drives[d])) {
                return Optional.of("data transfer element " + d);
            }
        }
        for (int i = 0; i < slots.length; i++) {
            if (volumeTag.equals(slots[i])) {
                return Optional.of((i < storageSlots ? "storage element " : "import/export element ") + (i + 1));
            }
        }
        return Optional.empty();
    }

    boolean isInDrive(String volumeTag) {
        return Arrays.asList(drives).contains(volumeTag);
    }

    /** Every volume tag in the library: drives' first, then slots' in ordinal order. */
    List<String> volumeTags() {
        List<String> tags = new ArrayList<>();
        Arrays.stream(drives).filter(Objects::nonNull).forEach(tags::add);
        Arrays.stream(slots).filter(Objects::nonNull).forEach(tags::add);
        return tags;
    }

    /**
     * Marks the cartridge in a drive as threaded, so the robot may not take it.
     *
     * @param device the drive's name, for error messages
     * @return the volume tag of the threaded cartridge
     * @throws MediumNotPresentException  the drive holds no cartridge
     * @throws CleaningCartridgeException the drive holds a cleaning cartridge
     */
    String thread(int drive, String device) {
        String tag = drives[drive];
        if (tag == null) {
            throw new MediumNotPresentException(device, "NOT READY, 3A/00 MEDIUM NOT PRESENT");
        }
        if (Element.isCleaningTag(tag)) {
            throw new CleaningCartridgeException(device, "cleaning cartridge " + tag
                    + " cannot be loaded for data (the drive runs a cleaning cycle and ejects it)");
        }
        threaded[drive] = true;
        return tag;
    }

    void unthread(int drive) {
        threaded[drive] = false;
    }

    Optional<String> cartridgeIn(int drive) {
        return Optional.ofNullable(drives[drive]);
    }

    /** The import/export elements' volume tags in ordinal order, null for an empty one. */
    List<String> importExport() {
        return Arrays.asList(Arrays.copyOfRange(slots, storageSlots, slots.length));
    }

    /** Takes the import/export elements an operator's hand changed, in ordinal order. */
    void replaceImportExport(List<String> mailSlots) {
        for (int i = 0; i < mailSlots.size(); i++) {
            slots[storageSlots + i] = mailSlots.get(i);
        }
    }

    /** This table in {@code library.json}'s form, under {@code generation}; threading is not kept. */
    StoredLibrary stored(long generation) {
        List<StoredDrive> storedDrives = new ArrayList<>();
        for (int d = 0; d < drives.length; d++) {
            storedDrives.add(new StoredDrive(drives[d], sourceSlots[d]));
        }
        return new StoredLibrary(storageSlots, importExportSlots(),
                Arrays.asList(Arrays.copyOfRange(slots, 0, storageSlots)), importExport(), storedDrives, generation);
    }

    private String requireSlotFull(int slot) {
        String tag = slots[slot - 1];
        if (tag == null) {
            throw sense.slotEmpty(slot);
        }
        return tag;
    }

    private void requireSlotEmpty(int slot) {
        if (slots[slot - 1] != null) {
            throw sense.slotFull(slot, slots[slot - 1]);
        }
    }
}

package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.CleaningCartridgeException;

/** Finding a cartridge or a free slot in an inventory, with the typed refusals a job reports. */
final class Cartridges {

    private Cartridges() {
    }

    /**
     * The storage or import/export element holding {@code tag}.
     *
     * @throws VolumeNotFoundException    no element holds it
     * @throws VolumeInDriveException     a drive holds it
     * @throws CleaningCartridgeException it is a cleaning cartridge
     */
    static Element findStored(Inventory inventory, String tag) {
        Element element = inventory.find(tag).orElseThrow(() -> new VolumeNotFoundException(tag));
        if (element.type() == ElementType.DATA_TRANSFER) {
            throw new VolumeInDriveException(tag, element.number());
        }
        if (element.isCleaningCartridge()) {
            throw cleaningRefusal(tag);
        }
        return element;
    }

    /**
     * Storage element {@code slot} (1-based), which must hold a cartridge.
     *
     * @throws UnknownElementException no such storage element
     * @throws SourceEmptyException    the slot is empty
     */
    static Element inSlot(Inventory inventory, int slot) {
        Element element = inventory.storage().stream().filter(e -> e.number() == slot).findFirst()
                .orElseThrow(() -> new UnknownElementException("slot " + slot, "the library has no storage slot " + slot));
        if (!element.full()) {
            throw new SourceEmptyException("slot " + slot, "storage slot " + slot + " is empty");
        }
        return element;
    }

    /**
     * The lowest-numbered empty storage element.
     *
     * @throws DestinationFullException every storage slot is full
     */
    static int firstEmptySlot(Inventory inventory) {
        return inventory.storage().stream().filter(e -> !e.full()).mapToInt(Element::number).findFirst()
                .orElseThrow(() -> new DestinationFullException("changer", "no empty storage slot to unload to"));
    }

    /** The refusal of data work on cleaning cartridge {@code tag}. */
    static CleaningCartridgeException cleaningRefusal(String tag) {
        return new CleaningCartridgeException(tag, tag + " is a cleaning cartridge; it cannot be used for data");
    }
}

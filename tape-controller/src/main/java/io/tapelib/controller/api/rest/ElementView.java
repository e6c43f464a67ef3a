package io.tapelib.controller.api.rest;

import io.tapelib.controller.changer.Element;

/**
 * One changer element in the REST API.
 *
 * @param type       DATA_TRANSFER, STORAGE or IMPORT_EXPORT
 * @param number     the ordinal as mtx prints it (drives from 0, slots from 1)
 * @param full       whether it holds a cartridge
 * @param volumeTag  the cartridge's barcode, null when empty or unlabelled
 * @param sourceSlot for a loaded drive, the storage slot the cartridge came from; null when unknown
 * @param cleaning   whether the cartridge is a cleaning cartridge
 */
public record ElementView(String type, int number, boolean full, String volumeTag, Integer sourceSlot, boolean cleaning) {

    static ElementView of(Element element) {
        return new ElementView(element.type().name(), element.number(), element.full(), element.volumeTag().orElse(null),
                element.sourceSlot().isPresent() ? element.sourceSlot().getAsInt() : null, element.isCleaningCartridge());
    }
}

package io.tapelib.controller.api.rest;

import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.jobs.CleaningState;
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
 * @param needsCleaning   a drive that asked for cleaning (TapeAlert 20 or 21) and was not cleaned since; null for
 *                        other elements
 * @param cleaningUses    a cleaning cartridge's cleanings run by the controller; null for other cartridges
 * @param cleaningExpired a cleaning cartridge a drive reported expired (TapeAlert 22); null for other cartridges
 */
public record ElementView(String type, int number, boolean full, String volumeTag, Integer sourceSlot, boolean cleaning,
                          Boolean needsCleaning, Integer cleaningUses, Boolean cleaningExpired) {

    static ElementView of(Element element, CleaningState state) {
        boolean drive = element.type() == ElementType.DATA_TRANSFER;
        boolean cleaner = element.isCleaningCartridge();
        CleaningState.CleaningUse use = state.of(element.volumeTag().orElse(""));
        return new ElementView(element.type().name(), element.number(), element.full(), element.volumeTag().orElse(null),
                element.sourceSlot().isPresent() ? element.sourceSlot().getAsInt() : null, cleaner,
                drive ? state.drivesAsking().contains(element.number()) : null,
                cleaner ? use.uses() : null, cleaner ? use.expired() : null);
    }
}

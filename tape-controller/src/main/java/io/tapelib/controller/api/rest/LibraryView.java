package io.tapelib.controller.api.rest;

import io.tapelib.controller.jobs.CleaningState;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.library.DriveTimings;

import java.util.List;

/**
 * The library's elements in the REST API: drives, storage slots, import/export slots; and the robot's and drives'
 * timings (seconds of the hardware, bytes per second, and the scale: real seconds per hardware second).
 */
public record LibraryView(List<ElementView> drives, List<ElementView> storageSlots, List<ElementView> importExportSlots,
                          DriveTimings timings) {

    static LibraryView of(Inventory inventory, DriveTimings timings, CleaningState cleaning) {
        return new LibraryView(inventory.dataTransfer().stream().map(e -> ElementView.of(e, cleaning)).toList(),
                inventory.storage().stream().map(e -> ElementView.of(e, cleaning)).toList(),
                inventory.importExport().stream().map(e -> ElementView.of(e, cleaning)).toList(), timings);
    }
}

package io.tapelib.gateway.controller;

import java.util.List;
import java.util.stream.Stream;

/**
 * The medium changer's elements as the controller last read them (SMC-3 READ ELEMENT STATUS, through the
 * controller's changer port).
 *
 * @param drives            data transfer elements, by element number
 * @param storageSlots      storage elements
 * @param importExportSlots import/export elements (mail slots)
 * @param timings           what the robot and drives take ({@link DriveTimings#LTO5} when the controller gives none)
 */
public record LibraryInventory(List<LibraryElement> drives, List<LibraryElement> storageSlots,
                               List<LibraryElement> importExportSlots, DriveTimings timings) {
    public LibraryInventory {
        timings = timings == null ? DriveTimings.LTO5 : timings;
        drives = List.copyOf(drives);
        storageSlots = List.copyOf(storageSlots);
        importExportSlots = List.copyOf(importExportSlots);
    }

    /** Every element: drives, then storage slots, then import/export slots. */
    public Stream<LibraryElement> elements() {
        return Stream.of(drives, storageSlots, importExportSlots).flatMap(List::stream);
    }
}

package io.tapelib.gateway.tiering;

import io.tapelib.gateway.controller.DriveTimings;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the recall scheduler last learned of the library (GetLibrary): how many drives (one worker each), which
 * cartridges are in them, and the drives' timings for estimates.
 *
 * @param drives     data transfer elements, at least 1 (a library that reports none still gets one worker, so that
 *                   requests are tried and fail with the controller's own words)
 * @param loaded     volume tags of the cartridges in drives
 * @param emptyDrive whether some drive holds no cartridge (a load then needs no unload first)
 * @param timings    robot, load, unload, locate and streaming figures
 */
record LibraryView(int drives, Set<String> loaded, boolean emptyDrive, DriveTimings timings) {
    /** Before the controller answered: one drive, nothing known to be loaded, LTO-5 timings. */
    static final LibraryView UNKNOWN = new LibraryView(1, Set.of(), false, DriveTimings.LTO5);

    LibraryView {
        drives = Math.max(1, drives);
        loaded = Set.copyOf(loaded);
    }

    static LibraryView of(LibraryInventory inventory) {
        Set<String> loaded = inventory.drives().stream().filter(LibraryElement::full).map(LibraryElement::volumeTag)
                .filter(tag -> !tag.isEmpty()).collect(Collectors.toSet());
        boolean empty = inventory.drives().stream().anyMatch(drive -> !drive.full());
        return new LibraryView(inventory.drives().size(), loaded, empty, inventory.timings());
    }
}

package io.tapelib.gateway.controller;

import java.util.List;

/**
 * The medium changer's elements and the library's timings as the operator's APIs show them: the JSON of the
 * controller's REST {@code LibraryView} ({@code GET /api/v1/library} of either process, and {@code event: library}).
 *
 * @param drives            data transfer elements, by element number
 * @param storageSlots      storage elements
 * @param importExportSlots import/export elements (mail slots)
 * @param timings           what the robot and the drives take (hardware seconds, bytes per second, scale)
 */
public record ChangerView(List<ChangerElementView> drives, List<ChangerElementView> storageSlots,
                          List<ChangerElementView> importExportSlots, DriveTimings timings) {
    public ChangerView {
        drives = List.copyOf(drives);
        storageSlots = List.copyOf(storageSlots);
        importExportSlots = List.copyOf(importExportSlots);
    }
}

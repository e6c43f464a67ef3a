package io.tapelib.gateway.controller;

import java.util.List;

/**
 * What the controller did with a list of index changes (tape_controller.proto, UpdateIndexResult; the Migrate
 * header's list is answered in {@link MigrationReport}).
 *
 * @param volume  the volume after the write, with its new index generation
 * @param applied how many changes are in the index on tape
 * @param skipped the changes the index could not take; the others were applied
 */
public record IndexUpdate(VolumeSummary volume, int applied, List<Skipped> skipped) {
    public IndexUpdate {
        skipped = List.copyOf(skipped);
    }

    /**
     * One change the index could not take (e.g. a rename of a path the index does not name).
     *
     * @param index  position of the change in the list sent, from 0
     * @param detail the controller's words
     */
    public record Skipped(int index, String detail) {
    }
}

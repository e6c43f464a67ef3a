package io.tapelib.controller.ltfs;

import java.util.List;

/**
 * What {@link LtfsVolume#applyChanges} did with a list of changes.
 *
 * @param applied how many changes the index took
 * @param skipped the others, in list order
 */
public record AppliedChanges(int applied, List<SkippedChange> skipped) {
    public AppliedChanges {
        skipped = List.copyOf(skipped);
    }

    /** Nothing to apply. */
    public static AppliedChanges none() {
        return new AppliedChanges(0, List.of());
    }
}

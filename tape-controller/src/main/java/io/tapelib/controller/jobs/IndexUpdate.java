package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.AppliedChanges;

/**
 * A volume's index after metadata changes were written into it.
 *
 * @param volume  the volume, with the generation of the index naming the changes
 * @param changes how many changes were applied, and the ones skipped
 */
public record IndexUpdate(VolumeSummary volume, AppliedChanges changes) {
}

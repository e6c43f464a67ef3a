package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.IndexChange;

import java.util.List;
import java.util.Map;

/**
 * What both ways of copying a reclaim need.
 *
 * @param job      the RECLAIM job, which the coordinator starts and ends
 * @param jobId    its id
 * @param source   the source's volume tag
 * @param target   the target's volume tag (reserved)
 * @param files    the files in tape order
 * @param expected the caller's view of the source
 * @param pending  metadata changes per volume tag, for the target's first batch
 * @param tally    the count of files done
 * @param listener the caller
 */
record ReclaimPlan(JobHandle job, long jobId, String source, String target, List<ReclaimFile> files,
                   ExpectedVolume expected, Map<String, List<IndexChange>> pending, ReclaimTally tally,
                   ReclaimListener listener) {
}

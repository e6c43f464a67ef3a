package io.tapelib.gateway.controller;

import io.tapelib.proto.v1.FormatRequest;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobState;
import io.tapelib.proto.v1.ReclaimFile;
import io.tapelib.proto.v1.ReclaimMessage;
import io.tapelib.proto.v1.ReclaimRequest;

/** Translates Reclaim and Format (tape_controller.proto) to and from the port's records, beside ProtoMapping. */
final class ReclaimMapping {
    private ReclaimMapping() {
    }

    static ReclaimRequest request(ReclaimBatch batch) {
        ReclaimRequest.Builder request = ReclaimRequest.newBuilder()
                .setSourceVolumeTag(batch.sourceVolumeTag())
                .addAllExcludeVolumeTags(batch.excludeVolumeTags())
                .setTargetVolumeTag(batch.targetVolumeTag())
                .setExpectedUuid(batch.expected().uuid())
                .setExpectedGeneration(batch.expected().generation())
                .setBlockSize((int) batch.expected().blockSize());
        for (ReclaimBatch.Entry entry : batch.files()) {
            request.addFiles(ReclaimFile.newBuilder().setFile(ProtoMapping.fileStart(entry.file()))
                    .addAllExtents(entry.extents().stream().map(ProtoMapping::extent).toList()));
        }
        return request.build();
    }

    static ReclaimProgress progress(io.tapelib.proto.v1.ReclaimProgress progress) {
        return new ReclaimProgress(progress.getJobId(), progress.getTargetVolumeTag(), progress.getFilesDone(),
                progress.getTotalFiles(), progress.getBytesDone(), progress.getTotalBytes());
    }


    static FormatRequest formatRequest(String volumeTag, boolean erase, String expectedUuid) {
        return FormatRequest.newBuilder().setVolumeTag(volumeTag).setErase(erase)
                .setExpectedUuid(expectedUuid == null ? "" : expectedUuid).build();
    }

    /**
     * Checks a finished FORMAT job.
     *
     * @throws ControllerUnavailableException (ABORTED, the job's error) when the job did not succeed
     */
    static void checkSucceeded(String volumeTag, Job job) {
        if (job.getState() != JobState.SUCCEEDED) {
            throw new ControllerUnavailableException("ABORTED", "Format " + volumeTag + " ended " + job.getState()
                    + (job.getError().isEmpty() ? "" : ": " + job.getError()), null);
        }
    }
}

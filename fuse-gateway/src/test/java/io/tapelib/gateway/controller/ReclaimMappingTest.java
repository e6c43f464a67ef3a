package io.tapelib.gateway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.FileKind;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobState;
import io.tapelib.proto.v1.ReclaimRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter's translation of Reclaim and Format between the tapelib.v1 contract and the port's records. */
class ReclaimMappingTest {
    private static final Instant T = Instant.parse("2025-03-01T10:00:00.5Z");
    private static final FileTimes TIMES = new FileTimes(T, T, T, T);

    @Test
    void aReclaimRequestCarriesTheSourceTheExclusionsTheExpectedVolumeAndEachFileWithItsExtents() {
        MigrationSource directory = new MigrationSource(2, "docs", FileKind.DIRECTORY, 0, 0755, 1, 2, TIMES, null, null);
        MigrationSource file = new MigrationSource(7, "docs/a.bin", FileKind.FILE, 5000, 0644, 1, 2, TIMES, null, null,
                List.of(), 0, List.of("docs/hard"));
        ReclaimBatch batch = new ReclaimBatch("TL0003L5", List.of(new ReclaimBatch.Entry(directory, List.of()),
                new ReclaimBatch.Entry(file, List.of(new TapeExtent(1, 40, 0, 5000, 0)))), List.of("TL0002L5"), null,
                new RecallBatch.ExpectedVolume("uuid-3", 9, 524288));

        ReclaimRequest request = ReclaimMapping.request(batch);

        assertThat(request.getSourceVolumeTag()).isEqualTo("TL0003L5");
        assertThat(request.getExcludeVolumeTagsList()).containsExactly("TL0002L5");
        assertThat(request.getTargetVolumeTag()).as("the controller chooses").isEmpty();
        assertThat(request.getExpectedUuid()).isEqualTo("uuid-3");
        assertThat(request.getExpectedGeneration()).isEqualTo(9);
        assertThat(request.getBlockSize()).isEqualTo(524288);
        assertThat(request.getFilesList()).hasSize(2);
        assertThat(request.getFiles(0).getFile().getKind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(request.getFiles(0).getExtentsList()).isEmpty();
        assertThat(request.getFiles(1).getFile().getPath()).isEqualTo("docs/a.bin");
        assertThat(request.getFiles(1).getFile().getLength()).isEqualTo(5000);
        assertThat(request.getFiles(1).getFile().getLinksList()).containsExactly("docs/hard");
        assertThat(request.getFiles(1).getExtents(0).getStartBlock()).isEqualTo(40);
        assertThat(batch.bytes()).isEqualTo(5000);
    }

    @Test
    void progressIsMappedFieldByField() {
        ReclaimProgress progress = ReclaimMapping.progress(io.tapelib.proto.v1.ReclaimProgress.newBuilder().setJobId(4)
                .setTargetVolumeTag("TL0001L5").setFilesDone(2).setTotalFiles(5).setBytesDone(300).setTotalBytes(900)
                .build());

        assertThat(progress).isEqualTo(new ReclaimProgress(4, "TL0001L5", 2, 5, 300, 900));
    }

    @Test
    void aFormatJobThatDidNotSucceedIsAnAbortedCallWithTheControllersWords() {
        ReclaimMapping.checkSucceeded("TL0003L5", Job.newBuilder().setState(JobState.SUCCEEDED).build());

        assertThatThrownBy(() -> ReclaimMapping.checkSucceeded("TL0003L5",
                Job.newBuilder().setState(JobState.FAILED).setError("medium error").build()))
                .isInstanceOfSatisfying(ControllerUnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo("ABORTED"))
                .hasMessageContaining("TL0003L5").hasMessageContaining("medium error");
        assertThat(ReclaimMapping.formatRequest("TL0003L5", true, null).getExpectedUuid()).isEmpty();
    }
}

package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.IndexSink;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.controller.VolumeFormat;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.posix.FileKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IndexHandOffTest {
    private static final VolumeSummary VOLUME = new VolumeSummary("TAPE01L6", VolumeFormat.LTFS,
            "0b4e2c2a-7d1c-4c55-9a5b-3a1f0e8c1d20", 3, 524288, 0, 0);
    private static final Instant EPOCH = Instant.EPOCH;

    private static TapeIndexEntry entry(long n) {
        return new TapeIndexEntry("dir/file-" + n, FileKind.FILE, n, 0, 0, 0, new FileTimes(EPOCH, EPOCH, EPOCH, EPOCH),
                null, List.of(), List.of());
    }

    @Test
    void closingMidStreamStopsTheReaderAndTellsTheStreamToEnd() {
        AtomicReference<RuntimeException> streamSaw = new AtomicReference<>();
        Consumer<IndexSink> endless = sink -> {
            try {
                sink.volume(VOLUME);
                for (long n = 0; ; n++) {
                    sink.entry(entry(n));
                }
            } catch (RuntimeException e) {
                streamSaw.set(e);
                throw e;
            }
        };
        IndexHandOff stream = new IndexHandOff("TAPE01L6", endless);
        VolumeRecord volume = stream.volume(Clock.systemUTC());
        assertThat(volume.volumeTag()).isEqualTo("TAPE01L6");
        TapeEntry first = stream.next();
        assertThat(first.path()).contains("file-0");

        stream.close();

        await().atMost(Duration.ofSeconds(10)).until(stream::readerStopped);
        assertThat(streamSaw.get()).as("the consumer threw, so the client cancels the call")
                .hasMessageContaining("stopped");
    }

    @Test
    void aStreamFailureReachesTheImporter() {
        IndexHandOff stream = new IndexHandOff("TAPE01L6", sink -> {
            sink.volume(VOLUME);
            sink.entry(entry(1));
            throw new ControllerUnavailableException("UNAVAILABLE", "ReadIndex TAPE01L6 failed with UNAVAILABLE", null);
        });
        try (stream) {
            stream.volume(Clock.systemUTC());
            assertThat(stream.hasNext()).isTrue();
            stream.next();
            assertThatThrownBy(stream::hasNext).isInstanceOf(ControllerUnavailableException.class)
                    .hasMessageContaining("UNAVAILABLE");
        }
        assertThat(stream.readerStopped()).isTrue();
    }
}

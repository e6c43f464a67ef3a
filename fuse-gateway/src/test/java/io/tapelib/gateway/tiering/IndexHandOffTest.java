package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.Volume;
import io.tapelib.proto.v1.VolumeState;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IndexHandOffTest {
    private static final IndexMessage VOLUME = IndexMessage.newBuilder().setVolume(Volume.newBuilder()
            .setVolumeTag("TAPE01L6").setState(VolumeState.LTFS).setVolumeUuid("0b4e2c2a-7d1c-4c55-9a5b-3a1f0e8c1d20")
            .setGeneration(3).setBlockSize(524288)).build();

    private static IndexMessage entry(long n) {
        return IndexMessage.newBuilder().setEntry(IndexEntry.newBuilder().setPath("dir/file-" + n)
                .setKind(EntryKind.FILE).setLength(n)).build();
    }

    @Test
    void closingMidStreamStopsTheReaderAndTellsTheStreamToEnd() {
        AtomicReference<RuntimeException> streamSaw = new AtomicReference<>();
        Consumer<Consumer<IndexMessage>> endless = consumer -> {
            try {
                consumer.accept(VOLUME);
                for (long n = 0; ; n++) {
                    consumer.accept(entry(n));
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
        IndexHandOff stream = new IndexHandOff("TAPE01L6", consumer -> {
            consumer.accept(VOLUME);
            consumer.accept(entry(1));
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

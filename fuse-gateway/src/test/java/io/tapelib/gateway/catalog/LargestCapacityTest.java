package io.tapelib.gateway.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest cartridge capacity every write through the mount checks against is remembered, and read anew after
 * each change of a cartridge's row: catalogued (its index merged), added or updated (a migration's answer, the
 * volume watcher), formatted by a reclaim. Each case reads the figure first, so that a change the remembered figure
 * missed would show.
 */
class LargestCapacityTest {
    private static final Instant NOW = Instant.parse("2026-12-05T18:00:00Z");
    private static final long LTO5 = 1_425_000_000_000L;
    private static final long LTO6 = 2_400_000_000_000L;
    private static final long LTO7 = 5_600_000_000_000L;

    @TempDir
    Path dir;

    private static VolumeRecord volume(String tag, VolumeState state, long capacity) {
        return new VolumeRecord(tag, "uuid-" + tag, state, 3, capacity, capacity / 2, 524_288, NOW);
    }

    @Test
    void changesWhenACartridgeIsAddedOrUpdated() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            assertThat(catalog.largestCartridgeCapacity()).isEmpty();
            catalog.upsertVolume(volume("A00001L5", VolumeState.BLANK, LTO5));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO5);
            catalog.upsertVolume(volume("B00001L6", VolumeState.BLANK, LTO6));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO6);
            // the same cartridge reported again with a smaller data partition (the controller's figure changed)
            catalog.upsertVolume(volume("B00001L6", VolumeState.LTFS, LTO5));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO5);
        }
    }

    @Test
    void changesWhenACartridgeIsCatalogued() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.upsertVolume(volume("A00001L5", VolumeState.LTFS, LTO5));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO5);
            catalog.importVolume(volume("C00001L7", VolumeState.LTFS, LTO7),
                    List.of(CatalogTest.file("on-tape.bin", 100, NOW)).iterator());
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO7);
        }
    }

    @Test
    void changesWhenAReclaimedCartridgeIsFormatted() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.upsertVolume(volume("A00001L5", VolumeState.LTFS, LTO5));
            catalog.upsertVolume(volume("C00001L7", VolumeState.LTFS, LTO7));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO7);
            // formatted as a smaller generation's cartridge (an LTO-7 drive writes LTO-6 media too)
            catalog.reclaims().recordFormatted(volume("C00001L7", VolumeState.BLANK, LTO6));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(LTO6);
        }
    }
}

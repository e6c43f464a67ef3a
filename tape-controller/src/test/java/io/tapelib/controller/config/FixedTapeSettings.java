package io.tapelib.controller.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Device settings fixed by a test, in place of the configuration (a record's accessors implement the mapping).
 *
 * @param changer           {@code TAPE_CHANGER}
 * @param drives            {@code TAPE_DRIVES} entries
 * @param mountDir          {@code TAPE_MOUNT_DIR}
 * @param blockSize         LTFS block size, bytes
 * @param indexSyncInterval {@code INDEX_SYNC_INTERVAL}
 */
public record FixedTapeSettings(String changer, Optional<List<String>> drives, Path mountDir, int blockSize,
                                Duration indexSyncInterval) implements TapeSettings {

    /** A virtual library's settings: 64 KiB blocks, the given work directory and index sync interval. */
    public static FixedTapeSettings virtual(Path mountDir, Duration indexSyncInterval) {
        return new FixedTapeSettings("virtual", Optional.empty(), mountDir, 64 * 1024, indexSyncInterval);
    }
}

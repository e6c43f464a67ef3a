package io.tapelib.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The controller's device settings (DESIGN.md section 8). Every key has an environment variable:
 * {@code tape.changer} is {@code TAPE_CHANGER}, {@code tape.mount-dir} is {@code TAPE_MOUNT_DIR} and so on.
 */
@ConfigMapping(prefix = "tape")
public interface TapeSettings {

    /**
     * The medium changer: a SCSI generic device such as {@code /dev/sg1}, or {@code virtual:<dir>} for the
     * virtual tape library stored under {@code <dir>} (env {@code TAPE_CHANGER}).
     */
    @WithDefault("virtual:/var/lib/tapelib/library")
    String changer();

    /**
     * The tape drives of a real library (env {@code TAPE_DRIVES}): the changer's data transfer element number mapped
     * to the drive's st device, e.g. {@code 0=/dev/st0,1=/dev/st1}, one list item per drive; parsed by
     * {@link DriveMapping#parse(java.util.List)}. Required for a real changer; unused for a virtual library.
     */
    Optional<List<String>> drives();

    /** The controller's spool and work directory for loaded tapes (env {@code TAPE_MOUNT_DIR}). */
    @WithDefault("/var/lib/tapelib/work")
    Path mountDir();

    /** Logical block size in bytes for newly formatted LTFS volumes (env {@code TAPE_BLOCK_SIZE}); 512 KiB by default. */
    @WithDefault("524288")
    int blockSize();

    /**
     * Longest time data written to a volume waits for an index naming it: a migration batch that runs longer writes an
     * index on the data partition once this interval has passed since the last one (besides the index at the end of
     * every batch). Key {@code tape.index-sync-interval}, env {@code INDEX_SYNC_INTERVAL} (see application.properties);
     * 5 minutes by default, as the LTFS reference implementation's default sync time of 300 s.
     */
    @WithDefault("5m")
    Duration indexSyncInterval();
}

package io.tapelib.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of reclaim copies (issue 13); each key has an environment variable (see application.properties). */
@ConfigMapping(prefix = "tapelib.reclaim")
public interface ReclaimSettings {

    /**
     * Most bytes of file data a reclaim with one drive stages under {@code TAPE_MOUNT_DIR/reclaim-staging/} per round
     * (env {@code RECLAIM_STAGING_BYTES}); 10 GB by default. A larger bound means fewer cartridge exchanges (each
     * round unloads the source and loads the target); a file larger than it cannot be reclaimed with one drive.
     */
    @WithDefault("10000000000")
    long stagingBytes();
}

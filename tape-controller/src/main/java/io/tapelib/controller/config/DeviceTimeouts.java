package io.tapelib.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long the controller waits for a real library's devices (DESIGN.md section 8). Values are durations such as
 * {@code 300s}, {@code 10m} or {@code PT5M}; a bare number is seconds.
 */
@ConfigMapping(prefix = "tape")
public interface DeviceTimeouts {

    /**
     * How long to wait after a load until the drive reports ONLINE (GMT_ONLINE) before the first command (env
     * {@code TAPE_ONLINE_TIMEOUT}); 300 seconds by default: an LTO drive threads and calibrates a cartridge in 12 to
     * 20 s, but one that needs a recovery pass takes minutes.
     */
    @WithDefault("300s")
    Duration onlineTimeout();

    /**
     * How long {@code mtx status} (READ ELEMENT STATUS) may take (env {@code TAPE_CHANGER_STATUS_TIMEOUT}); 120 seconds
     * by default: a library that re-inventories after its door was opened scans every barcode first.
     */
    @WithDefault("120s")
    Duration changerStatusTimeout();

    /**
     * How long one robot move ({@code mtx load/unload/transfer}, MOVE MEDIUM) may take (env
     * {@code TAPE_CHANGER_MOVE_TIMEOUT}); 600 seconds by default: an unload waits for the drive to rewind and eject.
     */
    @WithDefault("600s")
    Duration changerMoveTimeout();
}

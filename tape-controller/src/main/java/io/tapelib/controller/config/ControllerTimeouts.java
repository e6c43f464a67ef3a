package io.tapelib.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long the controller waits for things that are not devices: its own shutdown, and a gRPC stream whose peer
 * stopped moving. Keys under {@code tapelib.timeouts}; each has an environment variable (see
 * application.properties).
 */
@ConfigMapping(prefix = "tapelib.timeouts")
public interface ControllerTimeouts {

    /**
     * Longest time from SIGTERM to exit (env {@code SHUTDOWN_TIMEOUT}; 60 s by default): running jobs are cancelled,
     * every loaded written volume gets its final index, then the process exits even if a drive did not answer.
     * systemd's {@code TimeoutStopSec} of the controller's unit must not be shorter.
     */
    @WithDefault("60s")
    Duration shutdown();

    /**
     * Longest time a drive thread waits for the peer of a gRPC stream without any progress: no message from a
     * Migrate client, or a Recall/ReadIndex client that reads nothing (env {@code STREAM_STALL_TIMEOUT}; 10 min by
     * default). Only a safety net: a peer whose connection closes ends its job within seconds; a recall client whose
     * cache waits for room may legitimately stop reading for minutes.
     */
    @WithDefault("10m")
    Duration streamStall();
}

package io.tapelib.gateway.status;

import io.tapelib.gateway.controller.TapeController;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Whether the controller can be called now, for the operator's status: the gRPC channel's state, waited on at most
 * {@link #PATIENCE} when it is not connected (the status never blocks longer on a controller that is away).
 */
@Singleton
public class ControllerReach {
    /** Longest wait for a channel that is not connected. */
    static final Duration PATIENCE = Duration.ofMillis(300);

    private final TapeController controller;

    public ControllerReach(TapeController controller) {
        this.controller = controller;
    }

    /** True when the channel to the controller is connected (within {@link #PATIENCE}). */
    public boolean reachable() {
        return controller.awaitConnection(PATIENCE);
    }
}

package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.follow.JobFollower;
import io.tapelib.cli.follow.JobProgress;
import io.tapelib.cli.http.ApiClient;
import java.util.function.BooleanSupplier;

/**
 * Whether the gateway's recalls are over: none queued or being read (GET /api/v1/status "recalls") and every gateway
 * RECALL job seen has ended. Asks the gateway at most once a second.
 */
final class RecallsIdle implements BooleanSupplier {
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final ApiClient gateway;
    private final JobFollower follower;
    private long lastAsked;
    private boolean idle;

    RecallsIdle(ApiClient gateway, JobFollower follower) {
        this.gateway = gateway;
        this.follower = follower;
    }

    @Override
    public boolean getAsBoolean() {
        long now = System.nanoTime();
        if (lastAsked != 0 && now - lastAsked < MIN_INTERVAL_NANOS) {
            return idle;
        }
        lastAsked = now;
        JsonNode recalls = gateway.get("status").path("recalls");
        boolean jobsEnded = follower.seen().values().stream()
                .filter(j -> j.key().startsWith("gateway:") && "RECALL".equals(j.type())).allMatch(JobProgress::ended);
        idle = recalls.path("queued").asInt() == 0 && recalls.path("running").isEmpty() && jobsEnded;
        return idle;
    }
}

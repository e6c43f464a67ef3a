package io.tapelib.gateway.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the library is mounted and answers (systemd and the tests wait on /q/health/ready). */
@Readiness
@ApplicationScoped
public class MountReadinessCheck implements HealthCheck {
    private final GatewayLifecycle lifecycle;

    public MountReadinessCheck(GatewayLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("mount").status(lifecycle.mounted());
        if (lifecycle.failure() != null) {
            response.withData("failure", lifecycle.failure());
        }
        return response.build();
    }
}

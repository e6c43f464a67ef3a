package io.tapelib.controller.api.rest;

import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.jobs.DriveScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the medium changer answers an inventory. */
@Readiness
@ApplicationScoped
public class LibraryReadinessCheck implements HealthCheck {

    private final DriveScheduler scheduler;

    public LibraryReadinessCheck(DriveScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Inventory inventory = scheduler.inventory();
            return HealthCheckResponse.named("tape-library").up()
                    .withData("drives", inventory.dataTransfer().size())
                    .withData("cartridges", inventory.all().filter(e -> e.full()).count())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("tape-library").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

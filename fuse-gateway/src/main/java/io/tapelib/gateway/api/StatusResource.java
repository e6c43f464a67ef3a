package io.tapelib.gateway.api;

import io.tapelib.gateway.status.GatewayStatus;
import io.tapelib.gateway.status.GatewayStatusReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The gateway's status (shared/DESIGN.md section 1): cache use, files waiting for migration, lost files, and the
 * progress of a re-index of every cartridge, and the recalls waiting and running. {@code MOUNT/.tapelib/status}
 * shows the same JSON.
 */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    private final GatewayStatusReport report;

    public StatusResource(GatewayStatusReport report) {
        this.report = report;
    }

    /** {@code GET /api/v1/status}: 200 with the status; never fails while the gateway runs. */
    @GET
    public GatewayStatus status() {
        return report.current();
    }
}

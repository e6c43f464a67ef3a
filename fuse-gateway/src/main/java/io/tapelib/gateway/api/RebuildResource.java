package io.tapelib.gateway.api;

import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.tiering.CatalogRebuild;
import io.tapelib.gateway.tiering.RebuildRunningException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** Re-indexing every cartridge into the catalog, on an operator's request (issue 11, "Rebuild"). */
@Path("/api/v1/rebuild")
@Produces(MediaType.APPLICATION_JSON)
public class RebuildResource {
    private static final Logger LOG = Logger.getLogger(RebuildResource.class);

    private final CatalogRebuild rebuild;

    public RebuildResource(CatalogRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /**
     * {@code POST /api/v1/rebuild}: starts reading every cartridge's index again, one at a time; its progress is
     * then in {@code GET /api/v1/status} ("rebuild") and in the log.
     *
     * @return 202 with the progress (0 of N cartridges); 409 with the running rebuild's progress when one runs; 503
     *         with {"error": why} when the controller does not answer
     */
    @POST
    public Response start() {
        try {
            return Response.accepted(rebuild.start()).build();
        } catch (RebuildRunningException e) {
            return Response.status(Response.Status.CONFLICT).entity(e.progress()).build();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("Rebuild refused, the controller does not answer: %s", e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new ApiError("the controller does not answer: " + e.getMessage(), null)).build();
        }
    }
}

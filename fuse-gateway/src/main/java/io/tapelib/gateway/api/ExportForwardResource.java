package io.tapelib.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.controller.ControllerJob;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.LibraryOperations;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /api/v1/tapes/{tag}/export}, forwarded to the controller's Export as {@link ControllerForwardResource}
 * forwards the other operator calls (same errors). A class of its own: JAX-RS picks the resource class by its path
 * before the method, so under {@code /api/v1/tapes} ({@link TapesResource}) a method of the {@code /api/v1} class is
 * never reached.
 */
@Path("/api/v1/tapes/{tag}/export")
@Produces(MediaType.APPLICATION_JSON)
public class ExportForwardResource {
    private final LibraryOperations controller;
    private final ForwardBodies bodies;

    public ExportForwardResource(LibraryOperations controller, ObjectMapper json) {
        this.controller = controller;
        this.bodies = new ForwardBodies(json);
    }

    /** With no body or {@code {"slot": n}} (an import/export element): the finished EXPORT job. */
    @POST
    public ControllerJob export(@PathParam("tag") String tag, String body) {
        String volumeTag = ForwardBodies.volumeTag("tag", tag);
        return controller.export(volumeTag, bodies.optionalSlot(body));
    }

    /** The controller's refusal or absence, mapped as for every forward. */
    @ServerExceptionMapper
    public Response controllerFailed(ControllerUnavailableException e) {
        return ControllerForwardResource.refusal(e);
    }
}

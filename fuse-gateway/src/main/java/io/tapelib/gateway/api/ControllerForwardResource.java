package io.tapelib.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.controller.ChangerView;
import io.tapelib.gateway.controller.ControllerJob;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.ElementAddress;
import io.tapelib.gateway.controller.LibraryOperations;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The controller's operator calls, forwarded through the gateway's gRPC channel so that the console and the CLI need
 * one origin (docs/operator-api.md, "Gateway"): bodies and answers are the controller's REST ones
 * ({@code LibraryView}, {@code JobView}). Each call blocks a worker thread until the controller's job has finished.
 * Errors: 400 malformed input naming the field; the controller's refusals by gRPC status: INVALID_ARGUMENT 400,
 * NOT_FOUND 404, FAILED_PRECONDITION and ALREADY_EXISTS 409, UNAVAILABLE and DEADLINE_EXCEEDED 503 (away, busy, or no
 * answer in time: the job may still run), others 500; each with an {@link ApiError}. The export is
 * {@link ExportForwardResource}: under {@code /api/v1/tapes} a class of its own, as JAX-RS matches class paths first.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ControllerForwardResource {
    private static final Logger LOG = Logger.getLogger(ControllerForwardResource.class);
    /** Most characters of the controller's message an error repeats (it may quote a client's value). */
    private static final int MESSAGE_LIMIT = 512;

    private final LibraryOperations controller;
    private final ForwardBodies bodies;

    public ControllerForwardResource(LibraryOperations controller, ObjectMapper json) {
        this.controller = controller;
        this.bodies = new ForwardBodies(json);
    }

    /** {@code GET /api/v1/library}: the changer's elements and the library's timings (gRPC GetLibrary). */
    @GET
    @Path("/library")
    public ChangerView library() {
        return controller.changer();
    }

    /** {@code POST /api/v1/drives/{drive}/load} with {@code {"volumeTag"}} or {@code {"slot"}}: the finished LOAD job. */
    @POST
    @Path("/drives/{drive}/load")
    public ControllerJob load(@PathParam("drive") String drive, String body) {
        int number = ForwardBodies.drive(drive);
        ForwardBodies.LoadTarget target = bodies.load(body);
        return controller.load(number, target.volumeTag(), target.slot());
    }

    /** {@code POST /api/v1/drives/{drive}/unload} with no body, {@code {}} or {@code {"slot"}}: the finished UNLOAD job. */
    @POST
    @Path("/drives/{drive}/unload")
    public ControllerJob unload(@PathParam("drive") String drive, String body) {
        int number = ForwardBodies.drive(drive);
        return controller.unload(number, bodies.optionalSlot(body));
    }

    /** {@code POST /api/v1/import} with no body or {@code {"slot": n}}: the finished IMPORT job. */
    @POST
    @Path("/import")
    public ControllerJob importCartridges(String body) {
        return controller.importCartridges(bodies.optionalSlot(body));
    }

    /** {@code POST /api/v1/move} with {@code {"from": {"type", "number"}, "to": {...}}}: the finished MOVE job. */
    @POST
    @Path("/move")
    public ControllerJob move(String body) {
        ElementAddress[] move = bodies.move(body);
        return controller.move(move[0], move[1]);
    }

    /** {@code GET /api/v1/controller/jobs?limit=100}: the controller's jobs, newest first (1..1000). */
    @GET
    @Path("/controller/jobs")
    public List<ControllerJob> jobs(@QueryParam("limit") String limit) {
        return controller.jobs(ForwardBodies.jobLimit(limit));
    }

    /** The controller's refusal or absence, as docs/operator-api.md maps gRPC status codes to HTTP. */
    @ServerExceptionMapper
    public Response controllerFailed(ControllerUnavailableException e) {
        return refusal(e);
    }

    /** The answer to a forward the controller refused or did not answer (see the class comment), logged once. */
    static Response refusal(ControllerUnavailableException e) {
        int status = httpStatus(e.code());
        String message = e.getMessage() == null ? e.code() : e.getMessage();
        if (message.length() > MESSAGE_LIMIT) {
            message = message.substring(0, MESSAGE_LIMIT) + "...";
        }
        if (status == 500) {
            LOG.errorf("A forward to the controller failed (%s): %s", e.code(), message);
        } else {
            LOG.warnf("A forward to the controller was refused (%d): %s", status, message);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, null)).build();
    }

    /** HTTP status of a gRPC status code name. */
    static int httpStatus(String grpcCode) {
        return switch (grpcCode) {
            case "INVALID_ARGUMENT" -> 400;
            case "NOT_FOUND" -> 404;
            case "FAILED_PRECONDITION", "ALREADY_EXISTS" -> 409;
            case "UNAVAILABLE", "DEADLINE_EXCEEDED" -> 503;
            default -> 500;
        };
    }
}

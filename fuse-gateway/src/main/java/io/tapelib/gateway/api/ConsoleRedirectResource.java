package io.tapelib.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The gateway's root page is the operator's console (issue 14): its static files are served from
 * {@code META-INF/resources/console/} at {@code /console/}. Open like them: the console asks for the operator token
 * itself, for the REST calls it makes.
 */
@Path("/")
public class ConsoleRedirectResource {
    private static final URI CONSOLE = URI.create("/console/");

    /** {@code GET /}: 303 See Other to {@code /console/}. */
    @GET
    public Response root() {
        return Response.seeOther(CONSOLE).build();
    }

    /** {@code GET /console} (no slash, which the static files do not answer): 303 See Other to {@code /console/}. */
    @GET
    @Path("console")
    public Response console() {
        return Response.seeOther(CONSOLE).build();
    }
}

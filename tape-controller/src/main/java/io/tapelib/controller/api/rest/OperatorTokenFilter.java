package io.tapelib.controller.api.rest;

import io.tapelib.controller.api.OperatorToken;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses every REST call under {@code /api} without the operator's bearer token when OPERATOR_TOKEN is set: 401 with
 * {@code WWW-Authenticate: Bearer} and a JSON error. Health ({@code /q/health}) and metrics are not REST resources and
 * stay open. Runs before resource matching, so that an unknown path under {@code /api} says 401 too, not 404.
 */
public class OperatorTokenFilter {
    private static final Logger LOG = Logger.getLogger(OperatorTokenFilter.class);

    private final OperatorToken token;

    public OperatorTokenFilter(OperatorToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (!token.required() || !underApi(request.getUriInfo().getPath())
                || token.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.empty();
        }
        boolean presented = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        LOG.warnf("REST request refused (401): %s %s %s", request.getMethod(), cut(request.getUriInfo().getPath()),
                presented ? "with a wrong token" : "without a token");
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, OperatorToken.CHALLENGE).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(presented ? "the bearer token is wrong (OPERATOR_TOKEN)"
                        : "this call needs \"Authorization: Bearer <token>\" (OPERATOR_TOKEN is set)")).build());
    }

    private static boolean underApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static String cut(String path) {
        return path.length() > 64 ? path.substring(0, 64) + "..." : path;
    }
}

package io.tapelib.controller.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tapelib.controller.api.ErrorKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Maps errors to HTTP: 404 unknown volume tag, drive or slot; 409 drive full, cleaning cartridge, write protected,
 * a volume mounted read-only because it is not consistent;
 * 400 bad input; 507 tape full; 503 device errors and busy (try again later); 500 anything else. Body {@code {"error": "..."}}; one log line.
 */
@Provider
public class ControllerExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(ControllerExceptionMapper.class);

    @Override
    public Response toResponse(RuntimeException exception) {
        Throwable error = ErrorKind.unwrap(exception);
        if (error instanceof WebApplicationException web) {
            return withBody(web);
        }
        ErrorKind kind = ErrorKind.of(error);
        int status = switch (kind) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case BUSY, CANCELLED -> 503;
            case TAPE_FULL -> 507;
            case BAD_INPUT -> 400;
            case DEVICE -> 503;
            case INTERNAL -> 500;
        };
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (kind == ErrorKind.INTERNAL) {
            LOG.error("REST request failed: " + message, error);
        } else {
            LOG.warnf("REST request refused (%d): %s", status, message);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }

    /**
     * Quarkus' own refusals (malformed JSON, no such resource, a method not allowed) come without a body: every error
     * has one (docs/operator-api.md).
     */
    private static Response withBody(WebApplicationException web) {
        Response response = web.getResponse();
        if (response.hasEntity() || response.getStatus() < 400) {
            return response;
        }
        String message;
        if (web.getCause() instanceof JsonProcessingException json) {
            String detail = String.valueOf(json.getOriginalMessage());
            message = "the body is not JSON: " + (detail.length() > 200 ? detail.substring(0, 200) + "..." : detail);
        } else {
            message = response.getStatusInfo().getReasonPhrase();
        }
        LOG.warnf("REST request refused (%d): %s", response.getStatus(), message);
        return Response.fromResponse(response).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}

package io.tapelib.gateway.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The gateway-wide answers to bad requests (docs/operator-api.md): malformed JSON, a property of the wrong type and an
 * unknown property are 400 with an {@link ApiError} naming the property ({@code paths[3]} for an array item); a query
 * or path parameter JAX-RS could not convert is 400, not the 404 the JAX-RS specification gives it (section 3.2). One
 * log line each; the client's text is quoted at most {@link InvalidFieldException#ECHO_LIMIT} characters.
 */
public class RequestErrorMappers {
    private static final Logger LOG = Logger.getLogger(RequestErrorMappers.class);

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e) {
        String field = field(e);
        return badRequest(field, "unknown property " + InvalidFieldException.echo(e.getPropertyName())
                + (e.getKnownPropertyIds() == null ? "" : "; expected one of " + e.getKnownPropertyIds()));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = field(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return badRequest(field, field == null ? "the body must be a JSON object, not " + what(e)
                : "\"" + field + "\" has the wrong type: expected " + expected);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        return badRequest(null, "the body is not valid JSON: " + InvalidFieldException.echo(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return badRequest(e instanceof JsonMappingException mapping ? field(mapping) : null,
                "the body cannot be read: " + InvalidFieldException.echo(e.getOriginalMessage()));
    }

    /**
     * A body JAX-RS could not read: Quarkus REST wraps Jackson's parse failures (malformed JSON) in a 400
     * WebApplicationException without a body. Other statuses (405, 415 ...) pass unchanged.
     */
    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        if (e.getResponse() == null || e.getResponse().getStatus() != 400 || e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return wrongTypeOrUnknown(mapping);
        }
        String why = e.getCause() instanceof JsonProcessingException json ? json.getOriginalMessage()
                : String.valueOf(e.getMessage());
        return badRequest(null, "the body is not valid JSON: " + InvalidFieldException.echo(why));
    }

    private Response wrongTypeOrUnknown(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownProperty(unknown);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return wrongType(mismatched);
        }
        return otherJson(e);
    }

    /** A failed conversion of a path or query parameter arrives as a 404 with the conversion's exception as cause. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        if (e.getCause() != null) {
            return badRequest(null, "a path or query parameter is malformed: "
                    + InvalidFieldException.echo(String.valueOf(e.getCause().getMessage())));
        }
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("no such resource", null)).build();
    }

    private static Response badRequest(String field, String message) {
        LOG.warnf("REST request refused: %s: %s", field, message);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, field)).build();
    }

    /** The property a mapping failure is about, as the client wrote it: {@code paths[3]}, {@code all}; null: the body. */
    static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                String quoted = InvalidFieldException.echo(reference.getFieldName());
                field.append(field.isEmpty() ? "" : ".").append(quoted, 1, quoted.length() - 1);
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? null : field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String what(MismatchedInputException e) {
        return InvalidFieldException.echo(e.getOriginalMessage());
    }
}

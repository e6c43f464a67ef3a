package io.tapelib.controller.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A JSON body Jackson could not read into a request record: 400 with {@code {"error": "..."}} naming the field, in place
 * of Quarkus' own answers (an empty body for malformed JSON, a body of another shape for an unknown property). The
 * client's value is never repeated; a field name at most {@value RestParameters#ECHO_LIMIT} characters of it.
 */
public class JsonBodyErrors {
    private static final Logger LOG = Logger.getLogger(JsonBodyErrors.class);
    /** Longest part of Jackson's own message an error repeats (it may quote the body). */
    private static final int PARSER_MESSAGE_LIMIT = 200;

    /** {@code quarkus.jackson.fail-on-unknown-properties}: a property the body's record does not have. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unknownProperty(UnrecognizedPropertyException e) {
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
                .sorted().collect(Collectors.joining(", "));
        return refuse("unknown field " + RestParameters.echo(path(e)) + " (known: " + known + ")");
    }

    /** A value of the wrong type ({@code "slot": "three"}), or a body that is not an object. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatchedInput(MismatchedInputException e) {
        String target = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        String field = path(e);
        return refuse(field.isEmpty() ? "the body must be a JSON object"
                : RestParameters.echo(field) + " must be " + article(target));
    }

    /** Malformed JSON. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response malformed(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.length() > PARSER_MESSAGE_LIMIT) {
            message = message.substring(0, PARSER_MESSAGE_LIMIT) + "...";
        }
        return refuse("the body is not JSON: " + message);
    }

    private static Response refuse(String message) {
        LOG.warnf("REST request refused (400): %s", message);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message)).build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String article(String type) {
        return switch (type) {
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            default -> "a " + type;
        };
    }
}

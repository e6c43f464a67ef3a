package io.tapelib.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A JSON client of one of the two REST APIs (docs/operator-api.md): every request carries the operator's bearer token
 * when one is set and has a deadline; an error status becomes an {@link ApiException} with the server's message, a
 * server that does not answer an {@link UnreachableException}.
 */
public final class ApiClient {
    /** Longest part of a non-JSON error body quoted back (a proxy's HTML page, say). */
    private static final int MAX_QUOTED = 200;

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;

    /**
     * @param http    the shared HTTP client (its connect timeout bounds the connection)
     * @param json    the shared mapper
     * @param base    the process's root, e.g. http://127.0.0.1:9081 (without /api/v1)
     * @param token   OPERATOR_TOKEN, sent as {@code Authorization: Bearer}; empty when none
     * @param timeout the deadline of one request, from sending it to the end of the answer
     */
    public ApiClient(HttpClient http, ObjectMapper json, URI base, Optional<String> token, Duration timeout) {
        this.http = http;
        this.json = json;
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token.filter(t -> !t.isBlank());
        this.timeout = timeout;
    }

    /** The same client with another request deadline (robot moves and a metadata sync take minutes). */
    public ApiClient withTimeout(Duration longer) {
        return new ApiClient(http, json, base, token, longer);
    }

    /** The process's root URL. */
    public URI base() {
        return base;
    }

    /**
     * {@code GET /api/v1/<path>?<query>}.
     *
     * @param path  below /api/v1, e.g. "files"
     * @param query parameters; null or empty values are left out; values are URL-encoded
     * @throws ApiException         on a status other than 2xx
     * @throws UnreachableException when the server does not answer within the deadline
     */
    public JsonNode get(String path, Map<String, String> query) {
        return send(request(path, query).GET().build());
    }

    /** {@code GET /api/v1/<path>}; as {@link #get(String, Map)}. */
    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /**
     * {@code POST /api/v1/<path>} with {@code body} as JSON (nothing when null).
     *
     * @throws ApiException         on a status other than 2xx
     * @throws UnreachableException when the server does not answer within the deadline
     */
    public JsonNode post(String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
        return send(request(path, Map.of()).header("Content-Type", "application/json").POST(publisher).build());
    }

    /**
     * Opens {@code GET /api/v1/<path>} as a stream (server-sent events): the deadline covers the answer's headers only;
     * the caller bounds the time between two lines.
     *
     * @return the body, to be closed by the caller
     * @throws ApiException         on a status other than 2xx (404 when the server has no such stream)
     * @throws UnreachableException when the server does not answer within the deadline
     */
    public InputStream stream(String path) {
        HttpRequest request = request(path, Map.of()).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw error(response.statusCode(), new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw error(response.statusCode(), "");
            }
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/v1/" + path + parameters))
                .timeout(timeout).header("Accept", "application/json");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), response.body());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(response.statusCode(), request.method() + " " + request.uri().getPath()
                    + " answered with something that is not JSON: " + e.getOriginalMessage());
        }
    }

    private UnreachableException unreachable(HttpRequest request, IOException e) {
        String why = e instanceof java.net.http.HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : e instanceof java.net.ConnectException ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UnreachableException("cannot reach " + base + " (" + request.method() + " "
                + request.uri().getPath() + "): " + why, e);
    }

    /** The server's error message: the JSON "error" (and "field" when it names one), or the start of the body. */
    private ApiException error(int status, String body) {
        String message = null;
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                message = node.get("error").asText();
                if (node.hasNonNull("field") && !message.contains(node.get("field").asText())) {
                    message = node.get("field").asText() + ": " + message;
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: quoted below
        }
        if (message == null) {
            String text = body == null ? "" : body.strip();
            message = text.isEmpty() ? "no error message" : text.length() > MAX_QUOTED
                    ? text.substring(0, MAX_QUOTED) + "..." : text;
        }
        return new ApiException(status, message + " (HTTP " + status + ")");
    }
}

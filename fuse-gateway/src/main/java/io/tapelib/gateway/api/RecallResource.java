package io.tapelib.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.tiering.BulkRecallResult;
import io.tapelib.gateway.tiering.RecallService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Bulk recall (issue 12, "Non-blocking and bulk"): many offline files queued at once, read in tape order. */
@Path("/api/v1/recall")
@Produces(MediaType.APPLICATION_JSON)
public class RecallResource {
    private static final Logger LOG = Logger.getLogger(RecallResource.class);

    private final RecallService recalls;
    private final ObjectMapper json;

    public RecallResource(RecallService recalls, ObjectMapper json) {
        this.recalls = recalls;
        this.json = json;
    }

    /**
     * {@code POST /api/v1/recall} with {@code {"paths": ["/dir/file", ...]}} (paths as at the mount, from its root):
     * queues the offline files among them at BULK priority, grouped by cartridge and read in tape order; answers at
     * once, without waiting for the tape.
     *
     * @return 202 with {"queued": files newly queued, "joined": files already being recalled, "cached": files already
     *         in the cache (or empty), "rejected": [{"path", "reason"}] for paths that do not exist, are not regular
     *         files, are lost, are on no tape, or did not fit in the queue}; 400 with {"error"} naming the field when
     *         the body is not such an object
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recall(String body) {
        List<String> paths;
        try {
            paths = paths(body);
        } catch (IllegalArgumentException e) {
            LOG.warnf("POST /api/v1/recall refused: %s", e.getMessage());
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
        BulkRecallResult result = recalls.recallPaths(paths);
        return Response.accepted(result).build();
    }

    /** The body's "paths". @throws IllegalArgumentException naming the field when the body is malformed */
    private List<String> paths(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with \"paths\": an array of paths");
        }
        JsonNode paths = root.get("paths");
        if (paths == null || !paths.isArray()) {
            throw new IllegalArgumentException("\"paths\" must be an array of paths as at the mount, from its root");
        }
        List<String> result = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            JsonNode path = paths.get(i);
            if (!path.isTextual() || path.asText().isEmpty()) {
                throw new IllegalArgumentException("\"paths[" + i + "]\" must be a non-empty string");
            }
            result.add(path.asText());
        }
        return result;
    }
}

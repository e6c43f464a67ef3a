package io.tapelib.gateway.api;

import io.tapelib.gateway.tiering.BulkRecallResult;
import io.tapelib.gateway.tiering.RecallService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Bulk recall (issue 12, "Non-blocking and bulk"): many offline files queued at once, read in tape order. */
@Path("/api/v1/recall")
@Produces(MediaType.APPLICATION_JSON)
public class RecallResource {
    private final RecallService recalls;

    public RecallResource(RecallService recalls) {
        this.recalls = recalls;
    }

    /** The body: the paths to recall. */
    public record RecallPaths(List<String> paths) {
    }

    /**
     * {@code POST /api/v1/recall} with {@code {"paths": ["/dir/file", ...]}} (absolute paths as at the mount): queues
     * the offline files among them at BULK priority, grouped by cartridge and read in tape order; answers at once,
     * without waiting for the tape. The RECALL jobs of the cartridge batches appear in {@code GET /api/v1/jobs} when
     * a drive takes them.
     *
     * @return 202 with {"queued": files newly queued, "joined": files already being recalled, "cached": files already
     *         in the cache (or empty), "rejected": [{"path", "reason"}] for paths that do not exist, are not regular
     *         files, are lost, are on no tape, or did not fit in the queue}; 400 with an {@link ApiError} naming the
     *         field when the body is not such an object (at most 100,000 absolute paths)
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recall(RecallPaths body) {
        if (body == null) {
            throw new InvalidFieldException(null, "the body must be {\"paths\": [absolute paths as at the mount]}");
        }
        BulkRecallResult result = recalls.recallPaths(PathList.check(body.paths()));
        return Response.accepted(result).build();
    }
}

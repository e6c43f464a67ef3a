package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.tiering.MetadataSync;
import io.tapelib.gateway.tiering.SyncSummary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The metadata changes made at the mount that tapes' indexes do not show yet (renames, removals, attributes),
 * and the operator's way to write them now rather than at each tape's next index write or METADATA_SYNC_INTERVAL.
 */
@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {
    private static final Logger LOG = Logger.getLogger(SyncResource.class);

    private final MetadataSync sync;
    private final Catalog catalog;

    public SyncResource(MetadataSync sync, Catalog catalog) {
        this.sync = sync;
        this.catalog = catalog;
    }

    /**
     * Writes every tape's pending changes into its index now (loading cartridges as needed; may take minutes) and
     * answers when done.
     *
     * @return 200 with {"volumes": tapes written, "changes": changes in their indexes, "skipped": changes an index
     *         could not take (dropped), "failed": volume tags the controller refused (their changes stay)}; 503
     *         when the controller is away or did not finish in time (the changes stay pending)
     */
    @POST
    public Response syncNow() {
        try {
            SyncSummary summary = sync.syncAll();
            return Response.ok(Map.of("volumes", summary.volumes(), "changes", summary.changes(),
                    "skipped", summary.skipped(), "failed", summary.failed())).build();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("POST /api/v1/sync: the controller is away (%s); the changes stay pending", e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new ApiError("the tape controller is not available: " + e.getMessage(), null)).build();
        }
    }

    /** The pending changes per tape: {"pending": {volume tag: number of changes}}; empty when every index is current. */
    @GET
    public Map<String, Map<String, Integer>> pending() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String volumeTag : catalog.pending().oldestByVolume().keySet()) {
            counts.put(volumeTag, catalog.pending().of(volumeTag).size());
        }
        return Map.of("pending", counts);
    }
}

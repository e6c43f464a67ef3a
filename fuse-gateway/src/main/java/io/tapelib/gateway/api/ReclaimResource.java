package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.tiering.ReclaimRefusedException;
import io.tapelib.gateway.tiering.ReclaimService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** Reclaiming a cartridge on an operator's request (issue 13): its live files copied elsewhere, then formatted. */
@Path("/api/v1/tapes/{tag}/reclaim")
@Produces(MediaType.APPLICATION_JSON)
public class ReclaimResource {
    private static final Logger LOG = Logger.getLogger(ReclaimResource.class);

    private final ReclaimService reclaims;

    public ReclaimResource(ReclaimService reclaims) {
        this.reclaims = reclaims;
    }

    /**
     * The answer to a reclaim started by hand.
     *
     * @param volumeTag the cartridge
     * @param liveBytes bytes of its live files' extents
     * @param deadBytes bytes no live file uses (freed by the reclaim)
     * @param liveFiles live entries it holds (files, directories, symlinks, special files)
     */
    public record ReclaimStarted(String volumeTag, long liveBytes, long deadBytes, int liveFiles) {
    }

    /**
     * {@code POST /api/v1/tapes/{tag}/reclaim}: records the cartridge's reclaim, whatever its dead bytes; it runs when
     * the drives are idle (progress in {@code GET /api/v1/status} "reclaims" and in the log).
     *
     * @return 202 with its live and dead bytes and live files; 400 for a malformed volume tag; 404 with {"error"} for a volume tag the catalog does not
     *         know; 409 with {"error"} when it is not LTFS, is shelved or is being reclaimed already; 503 when the
     *         controller does not answer
     */
    @POST
    public Response start(@PathParam("tag") String tag) {
        RequestParams.volumeTag("tag", tag);
        try {
            VolumeUse use = reclaims.startByHand(tag);
            return Response.accepted(new ReclaimStarted(use.volumeTag(), use.liveBytes(), use.deadBytes(),
                    use.liveEntries())).build();
        } catch (ReclaimRefusedException e) {
            LOG.warnf("POST /api/v1/tapes/%s/reclaim refused: %s", tag, e.getMessage());
            return Response.status(e.unknown() ? Response.Status.NOT_FOUND : Response.Status.CONFLICT)
                    .entity(new ApiError(e.getMessage(), e.unknown() ? "tag" : null)).build();
        } catch (ControllerUnavailableException e) {
            LOG.warnf("POST /api/v1/tapes/%s/reclaim refused, the controller does not answer: %s", tag, e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new ApiError("the controller does not answer: " + e.getMessage(), null)).build();
        }
    }
}

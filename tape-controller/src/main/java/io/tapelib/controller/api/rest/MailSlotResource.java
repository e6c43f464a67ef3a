package io.tapelib.controller.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.VolumeTags;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Cartridges in and out through the import/export elements (mail slots), and moves between storage and import/export
 * elements. Element numbers are those GET /api/v1/library lists (mtx ordinals: import/export elements follow the
 * storage elements). Each call blocks a worker thread until the robot is done and answers the finished job (EXPORT,
 * IMPORT or MOVE). Errors map through {@link ControllerExceptionMapper}: 400 malformed input, naming the field; 404
 * unknown volume tag, no such element, or an empty source element; 409 a full destination, no free import/export or
 * storage element, a cartridge already in a mail slot or with work queued; 503 busy or a device error.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MailSlotResource {

    private final DriveScheduler scheduler;
    private final MailSlotBodies bodies;

    public MailSlotResource(DriveScheduler scheduler, ObjectMapper json) {
        this.scheduler = scheduler;
        this.bodies = new MailSlotBodies(json);
    }

    /**
     * Moves a cartridge to an import/export element, the given one ({@code {"importExportSlot": 49}}) or the first
     * free one (no body). A cartridge in a drive is unloaded first, once the drive's queued jobs are done.
     *
     * @return the finished EXPORT job
     */
    @POST
    @Path("/tapes/{barcode}/export")
    public JobView export(@PathParam("barcode") String barcode, String body) {
        String tag = VolumeTags.require("barcode", barcode);
        return JobView.of(scheduler.moves().export(tag, bodies.importExportSlot(body)).join());
    }

    /**
     * Brings the cartridges in the import/export elements (or only {@code {"importExportSlot": n}}) into free storage
     * elements; what did not fit stays, and the job's detail says which.
     *
     * @return the finished IMPORT job
     */
    @POST
    @Path("/import")
    public JobView importCartridges(String body) {
        return JobView.of(scheduler.moves().importCartridges(bodies.importExportSlot(body)).join());
    }

    /**
     * Moves a cartridge between two storage or import/export elements:
     * {@code {"from": {"type": "STORAGE", "number": 3}, "to": {"type": "IMPORT_EXPORT", "number": 49}}}.
     *
     * @return the finished MOVE job
     */
    @POST
    @Path("/move")
    public JobView move(String body) {
        MailSlotBodies.Move move = bodies.move(body);
        return JobView.of(scheduler.moves().move(move.from(), move.to()).join());
    }
}

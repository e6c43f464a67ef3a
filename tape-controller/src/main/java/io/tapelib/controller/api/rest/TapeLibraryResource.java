package io.tapelib.controller.api.rest;

import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.JobHistory;
import io.tapelib.controller.jobs.VolumeTags;
import io.tapelib.controller.library.DriveTimings;
import jakarta.inject.Provider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The operator's REST API of the tape library (DESIGN.md section 1). Each method blocks a worker thread until the
 * robot and drive finished; errors map through {@link ControllerExceptionMapper}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TapeLibraryResource {

    private final DriveScheduler scheduler;
    private final JobHistory jobs;
    /** Asked for on first use: the library opens with the scheduler, not when this resource is built. */
    private final Provider<DriveTimings> timings;

    public TapeLibraryResource(DriveScheduler scheduler, JobHistory jobs, Provider<DriveTimings> timings) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.timings = timings;
    }

    /** The changer's elements with their volume tags, and what the robot and drives take. */
    @GET
    @Path("/library")
    public LibraryView library() {
        return LibraryView.of(scheduler.inventory(), timings.get(), scheduler.cleaning());
    }

    /**
     * Loads a cartridge, by volume tag or storage slot, into a drive.
     *
     * @return the finished LOAD job
     */
    @POST
    @Path("/drives/{drive}/load")
    public JobView load(@PathParam("drive") String drive, LoadBody body) {
        int number = RestParameters.drive(drive);
        if (body == null || ((body.volumeTag() == null || body.volumeTag().isBlank()) == (body.slot() == null))) {
            throw new IllegalArgumentException("the body names exactly one of \"volumeTag\" or \"slot\", e.g. {\"volumeTag\": \"TL0001L5\"}");
        }
        String tag = body.volumeTag() == null ? null : VolumeTags.require("volumeTag", body.volumeTag());
        return JobView.of(scheduler.load(number, tag, RestParameters.slot("slot", body.slot(), 1)).join());
    }

    /**
     * Unloads a drive to the cartridge's source slot, or to the slot given in the body.
     *
     * @return the finished UNLOAD job
     */
    @POST
    @Path("/drives/{drive}/unload")
    @Consumes(MediaType.APPLICATION_JSON)
    public JobView unload(@PathParam("drive") String drive, UnloadBody body) {
        int number = RestParameters.drive(drive);
        int slot = body == null ? 0 : RestParameters.slot("slot", body.slot(), 0);
        return JobView.of(scheduler.unload(number, slot).join());
    }

    /** {@code POST .../unload} with no body (what {@code curl -X POST} sends): back to the source slot. */
    @POST
    @Path("/drives/{drive}/unload")
    public JobView unloadToSourceSlot(@PathParam("drive") String drive) {
        return unload(drive, null);
    }

    /**
     * Recovers an inconsistent LTFS volume (a RECOVER job, only ever on this request): a new index naming the files of
     * its newest valid index is written after any unindexed data, then copied to the index partition. A consistent
     * volume is left as it is. 404 for an unknown volume tag; 409 for a write-protected cartridge or one that is not
     * LTFS; 503 when the drive's queue is full or the device fails.
     *
     * @return the finished RECOVER job
     */
    @POST
    @Path("/tapes/{barcode}/recover")
    public JobView recover(@PathParam("barcode") String barcode) {
        return JobView.of(scheduler.recover(VolumeTags.require("barcode", barcode)).join());
    }

    /**
     * Writes a new, empty LTFS volume on a cartridge (a FORMAT job). {@code erase} (query or JSON body) is required for
     * a cartridge that holds data; {@code expectedUuid}, when given, must be the LTFS volume UUID the cartridge holds.
     * 400 for a malformed parameter (naming it); 404 for an unknown volume tag; 409, with nothing written, for a
     * write-protected or cleaning cartridge, data without {@code erase}, or another volume than expected.
     *
     * @return the finished FORMAT job (its detail names the new volume UUID)
     */
    @POST
    @Path("/tapes/{barcode}/format")
    @Consumes(MediaType.APPLICATION_JSON)
    public JobView format(@PathParam("barcode") String barcode, @QueryParam("erase") String erase,
                          @QueryParam("expectedUuid") String expectedUuid, FormatBody body) {
        String tag = VolumeTags.require("barcode", barcode);
        FormatParameters parameters = FormatParameters.of(erase, expectedUuid, body);
        return JobView.of(scheduler.format(tag, parameters.erase(), parameters.expectedUuid()).join());
    }

    /** {@code POST .../format} with the query parameters only (what {@code curl -X POST} sends). */
    @POST
    @Path("/tapes/{barcode}/format")
    public JobView formatByQuery(@PathParam("barcode") String barcode, @QueryParam("erase") String erase,
                                 @QueryParam("expectedUuid") String expectedUuid) {
        return format(barcode, erase, expectedUuid, null);
    }

    /** The job history, newest first: {@code limit} 1..1000, 100 when absent; 400 for another value. */
    @GET
    @Path("/jobs")
    public List<JobView> jobs(@QueryParam("limit") String limit) {
        return jobs.newestFirst(RestParameters.jobLimit(limit)).stream().map(JobView::of).toList();
    }
}

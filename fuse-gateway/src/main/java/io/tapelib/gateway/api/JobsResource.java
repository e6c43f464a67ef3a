package io.tapelib.gateway.api;

import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The gateway's own jobs (issue 14): write-back batches, recall batches, rebuilds, reclaims. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {
    private final GatewayJobs jobs;

    public JobsResource(GatewayJobs jobs) {
        this.jobs = jobs;
    }

    /** The jobs, newest first. */
    public record Jobs(List<GatewayJob> jobs) {
    }

    /**
     * {@code GET /api/v1/jobs?limit=100&type=&state=}: newest first.
     *
     * @return 200 with at most {@code limit} (1..1,000) jobs of that type and state; 400 naming the field otherwise
     */
    @GET
    public Jobs list(@QueryParam("limit") String limit, @QueryParam("type") String type,
                     @QueryParam("state") String state) {
        int most = RequestParams.integer("limit", limit, 100, 1, GatewayJobs.CAPACITY);
        Predicate<GatewayJob> filter = job -> true;
        if (type != null && !type.isEmpty()) {
            GatewayJob.Type wanted = parse("type", type, GatewayJob.Type.class);
            filter = filter.and(job -> job.type() == wanted);
        }
        if (state != null && !state.isEmpty()) {
            GatewayJob.State wanted = parse("state", state, GatewayJob.State.class);
            filter = filter.and(job -> job.state() == wanted);
        }
        return new Jobs(jobs.newestFirst(Integer.MAX_VALUE).stream().filter(filter).limit(most).toList());
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, field + " must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", was " + InvalidFieldException.echo(value));
        }
    }
}

package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.follow.JobProgress;
import io.tapelib.cli.format.Bytes;
import io.tapelib.cli.format.Table;
import io.tapelib.cli.http.ApiException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tapelib jobs [--follow]}: the gateway's own jobs (GET /api/v1/jobs: write-back, recall, rebuild, reclaim) and
 * the controller's (GET /api/v1/jobs of the controller: load, migrate, recall ...), newest first; --follow shows the
 * running ones as progress bars until Ctrl-C.
 */
@Command(name = "jobs", description = "The gateway's and the controller's jobs, newest first; --follow: progress"
        + " bars of the running ones (redrawn in place on a terminal, a line per change otherwise) until Ctrl-C.")
public final class JobsCommand extends ApiCommand {

    @Option(names = {"-f", "--follow"}, description = "Follow the jobs' progress (the gateway's event stream, or a"
            + " poll a second when it has none).")
    boolean follow;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only jobs of this type (RECLAIM, RECALL, REBUILD,"
            + " WRITE_BACK, MIGRATE, LOAD ...).")
    String type;

    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state (QUEUED, RUNNING,"
            + " SUCCEEDED, FAILED).")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Jobs listed per process, 1..1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(TapelibCli root) throws InterruptedException {
        if (follow) {
            Predicate<JobProgress> selected = job -> type == null || type.equalsIgnoreCase(job.type());
            if (!root.json()) {
                root.err().println("Following the jobs; Ctrl-C to stop.");
                root.err().flush();
            }
            root.follower().follow(selected, Set.of(), root.progressView());
            return ExitCodes.OK;
        }
        Map<String, String> query = new HashMap<>();
        query.put("limit", Integer.toString(limit));
        query.put("type", type);
        query.put("state", state);
        JsonNode gatewayJobs;
        try {
            gatewayJobs = root.gateway().get("jobs", query).path("jobs");
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            root.err().println("tapelib: this gateway has no job list (GET /api/v1/jobs): its jobs are left out");
            root.err().flush();
            gatewayJobs = root.mapper().createArrayNode();
        }
        JsonNode controllerJobs = root.controller().get("jobs", Map.of("limit", Integer.toString(limit)));
        if (root.json()) {
            ObjectNode both = root.mapper().createObjectNode();
            both.set("gateway", gatewayJobs);
            both.set("controller", controllerJobs);
            root.printJson(both);
            return ExitCodes.OK;
        }
        Table table = new Table("SOURCE", "ID", "TYPE", "STATE", "TAG", "PROGRESS", "SUBMITTED", "DETAIL");
        for (JsonNode job : gatewayJobs) {
            add(table, "gateway", job, Json.text(job, "subject"));
        }
        for (JsonNode job : controllerJobs) {
            if ((type == null || type.equalsIgnoreCase(job.path("type").asText()))
                    && (state == null || state.equalsIgnoreCase(job.path("state").asText()))) {
                add(table, "controller", job, Json.text(job, "detail"));
            }
        }
        table.print(root.out());
        return ExitCodes.OK;
    }

    private static void add(Table table, String source, JsonNode job, String detail) {
        String error = Json.text(job, "error");
        table.row(source, job.path("id").asLong(), Json.text(job, "type"), Json.text(job, "state"),
                Json.text(job, "volumeTag"), progress(job), Json.time(job, "submitted"),
                error != null ? error : detail);
    }

    /** "1.2 GB of 2.3 GB", "3 of 10 files", "52 MB" or "-". */
    static String progress(JsonNode job) {
        long bytes = job.path("bytes").asLong();
        long totalBytes = job.path("totalBytes").asLong();
        long totalFiles = job.path("totalFiles").asLong();
        if (totalBytes > 0) {
            return Bytes.human(bytes) + " of " + Bytes.human(totalBytes);
        }
        if (totalFiles > 0) {
            return job.path("files").asLong() + " of " + totalFiles + " files";
        }
        return bytes > 0 ? Bytes.human(bytes) : "-";
    }
}

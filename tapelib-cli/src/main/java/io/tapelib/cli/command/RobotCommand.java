package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.http.ApiClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * A command the controller answers once its robot has moved (load, unload, import, export): the answer is the
 * finished job (JobView), printed as one line; a FAILED job exits 1.
 */
abstract class RobotCommand extends ApiCommand {

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "900",
            description = "Longest wait for the robot and the drive, seconds (default ${DEFAULT-VALUE}: a move and a"
                    + " drive coming online take minutes on a real library).")
    long waitSeconds;

    /** The controller with this command's deadline. */
    ApiClient controller(TapelibCli root) {
        return root.controller().withTimeout(Duration.ofSeconds(Math.max(1, waitSeconds)));
    }

    /** Prints the job and returns 0 when it succeeded, 1 otherwise. */
    static int finished(TapelibCli root, JsonNode job) {
        if (root.json()) {
            root.printJson(job);
        } else {
            String detail = Json.text(job, "detail");
            root.out().printf("%s %s: %s (controller job %d%s%s)%n", job.path("type").asText(),
                    job.hasNonNull("volumeTag") ? job.path("volumeTag").asText() : "-", job.path("state").asText(),
                    job.path("id").asLong(), job.path("drive").asInt(-1) >= 0 ? ", drive " + job.path("drive").asInt()
                            : "", detail == null ? "" : ", " + detail);
            root.out().flush();
        }
        String error = Json.text(job, "error");
        if (error != null) {
            root.err().println("tapelib: " + error);
            root.err().flush();
        }
        return "SUCCEEDED".equals(job.path("state").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

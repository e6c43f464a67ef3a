package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.follow.JobFollower;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapelib recall FILE...|--from-list F}: the gateway's POST /api/v1/recall, read in tape order. */
@Command(name = "recall", description = "Queue recalls of offline files, read in tape order; answers at once"
        + " (--follow: progress bars until the recalls end). Exit 1 when a path was rejected.")
public final class RecallCommand extends ApiCommand {

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Paths in the catalog or under the mount.")
        List<String> files;

        @Option(names = "--from-list", paramLabel = "F", description = "A file of paths, one a line (-: stdin).")
        String list;
    }

    @Option(names = "--follow", description = "Show the recall jobs' progress until they end.")
    boolean follow;

    @Override
    int run(TapelibCli root) throws Exception {
        List<String> paths = PathLists.of(source.files, source.list, root.paths());
        JsonNode result = root.gateway().post("recall", Map.of("paths", paths));
        JsonNode rejected = result.path("rejected");
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().printf("%d queued, %d already being recalled, %d cached, %d rejected%n",
                    result.path("queued").asInt(), result.path("joined").asInt(), result.path("cached").asInt(),
                    rejected.size());
            root.out().flush();
        }
        for (JsonNode reject : rejected) {
            root.err().printf("tapelib: %s: %s%n", reject.path("path").asText(), reject.path("reason").asText());
        }
        root.err().flush();
        if (follow) {
            Set<String> jobs = new LinkedHashSet<>();
            result.path("jobs").forEach(id -> jobs.add("gateway:" + id.asText()));
            if (!jobs.isEmpty()) {
                root.follower().follow(job -> jobs.contains(job.key()), jobs, root.progressView());
            } else if (result.path("queued").asInt() + result.path("joined").asInt() > 0) {
                // A gateway that names no job ids: every RECALL job, until the gateway has no recall queued or running.
                JobFollower follower = root.follower();
                RecallsIdle idle = new RecallsIdle(root.gateway(), follower);
                follower.follow(job -> "RECALL".equals(job.type()), idle, root.progressView());
            }
        }
        return rejected.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

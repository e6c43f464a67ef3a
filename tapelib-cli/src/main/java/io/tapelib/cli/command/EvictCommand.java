package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapelib evict FILE...|--all}: drops clean cached copies (POST /api/v1/evict; --all: POST /api/v1/cache/evict).
 * A file not yet on tape is never dropped.
 */
@Command(name = "evict", description = "Drop the cached copies of files that are safe on tape (--all: every one)."
        + " Exit 1 when a path was rejected.")
public final class EvictCommand extends ApiCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Paths in the catalog or under the mount.")
        List<String> files;

        @Option(names = "--from-list", paramLabel = "F", description = "A file of paths, one a line (-: stdin).")
        String list;

        @Option(names = "--all", description = "Every clean cached file.")
        boolean all;
    }

    @Override
    int run(TapelibCli root) throws Exception {
        JsonNode result = target.all ? root.gateway().post("cache/evict", null)
                : root.gateway().post("evict", Map.of("paths", PathLists.of(target.files, target.list, root.paths())));
        JsonNode rejected = result.path("rejected");
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().printf("%d evicted; the cache holds %s%n", result.path("evicted").asLong(),
                    Bytes.human(result.path("usedBytes").asLong()));
            root.out().flush();
        }
        for (JsonNode reject : rejected) {
            root.err().printf("tapelib: %s: %s%n", reject.path("path").asText(), reject.path("reason").asText());
        }
        root.err().flush();
        return rejected.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

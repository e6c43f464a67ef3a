package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapelib sync [--pending]}: the gateway's POST /api/v1/sync (or GET: the changes pending per cartridge). */
@Command(name = "sync", description = "Write the renames, removals and attribute changes made at the mount into every"
        + " cartridge's LTFS index now (--pending: only show how many wait per cartridge). Exit 1 when a cartridge"
        + " failed.")
public final class SyncCommand extends ApiCommand {

    @Option(names = "--pending", description = "Only show the changes pending per cartridge.")
    boolean pending;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Longest wait for the sync, seconds (default ${DEFAULT-VALUE}: it loads cartridges).")
    long waitSeconds;

    @Override
    int run(TapelibCli root) {
        if (pending) {
            JsonNode answer = root.gateway().get("sync");
            if (root.json()) {
                root.printJson(answer);
            } else {
                JsonNode counts = answer.path("pending");
                if (counts.isEmpty()) {
                    root.out().println("every index is current");
                }
                counts.fields().forEachRemaining(e -> root.out().printf("%s  %d changes%n", e.getKey(),
                        e.getValue().asInt()));
                root.out().flush();
            }
            return ExitCodes.OK;
        }
        JsonNode summary = root.gateway().withTimeout(Duration.ofSeconds(Math.max(1, waitSeconds))).post("sync", null);
        JsonNode failed = summary.path("failed");
        if (root.json()) {
            root.printJson(summary);
        } else {
            root.out().printf("%d cartridges written, %d changes, %d skipped%s%n", summary.path("volumes").asInt(),
                    summary.path("changes").asInt(), summary.path("skipped").asInt(),
                    failed.isEmpty() ? "" : "; failed: " + failed);
            root.out().flush();
        }
        return failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

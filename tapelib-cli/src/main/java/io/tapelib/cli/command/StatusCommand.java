package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code tapelib status}: the gateway's GET /api/v1/status. */
@Command(name = "status", description = "The gateway's status: cache use, dirty and lost files, recalls, import"
        + " requests, reclaims, the last rebuild.")
public final class StatusCommand extends ApiCommand {
    /** Lost paths printed before "... and N more". */
    private static final int LOST_SHOWN = 20;

    @Override
    int run(TapelibCli root) {
        JsonNode status = root.gateway().get("status");
        if (root.json()) {
            root.printJson(status);
            return ExitCodes.OK;
        }
        PrintWriter out = root.out();
        long used = status.path("cacheUsedBytes").asLong();
        long max = status.path("cacheMaxBytes").asLong();
        out.printf("cache            %s of %s (%d%%)%n", Bytes.human(used), Bytes.human(max),
                max == 0 ? 0 : used * 100 / max);
        out.printf("dirty files      %d%s%n", status.path("dirtyFiles").asInt(),
                status.has("dirtyBytes") ? " (" + Bytes.human(status.path("dirtyBytes").asLong()) + ")" : "");
        JsonNode lost = status.path("lostFiles");
        out.printf("lost files       %d%n", status.path("lostCount").asInt(lost.size()));
        for (int i = 0; i < Math.min(LOST_SHOWN, lost.size()); i++) {
            out.printf("  %s%n", lost.get(i).asText());
        }
        if (status.path("lostCount").asInt(lost.size()) > Math.min(LOST_SHOWN, lost.size())) {
            out.printf("  ... and %d more (tapelib ls / -R --state lost)%n",
                    status.path("lostCount").asInt(lost.size()) - Math.min(LOST_SHOWN, lost.size()));
        }
        JsonNode recalls = status.path("recalls");
        List<String> reading = new ArrayList<>();
        recalls.path("running").forEach(r -> reading.add(r.path("volume").asText() + " (" + r.path("files").asInt()
                + " files)"));
        out.printf("recalls          %d queued%s%n", recalls.path("queued").asInt(),
                reading.isEmpty() ? "" : "; reading " + String.join(", ", reading));
        JsonNode imports = status.path("importRequests");
        out.printf("import requests  %d%n", imports.size());
        imports.forEach(r -> out.printf("  %s: %d files wait since %s%n", r.path("volumeTag").asText(),
                r.path("files").asInt(), Json.time(r, "since")));
        JsonNode reclaims = status.path("reclaims");
        out.printf("reclaims         %d%n", reclaims.size());
        reclaims.forEach(r -> out.printf("  %s -> %s: %d of %d files, %s of %s%n", r.path("volumeTag").asText(),
                r.path("target").asText().isEmpty() ? "?" : r.path("target").asText(), r.path("filesDone").asInt(),
                r.path("totalFiles").asInt(), Bytes.human(r.path("bytesDone").asLong()),
                Bytes.human(r.path("totalBytes").asLong())));
        JsonNode rebuild = status.path("rebuild");
        if (rebuild.isObject()) {
            out.printf("rebuild          %s: %d of %d cartridges, %d entries%s%n",
                    rebuild.path("running").asBoolean() ? "running" : "done", rebuild.path("cartridgesDone").asInt(),
                    rebuild.path("cartridgesTotal").asInt(), rebuild.path("entries").asLong(),
                    rebuild.path("failed").isEmpty() ? "" : "; failed: " + rebuild.path("failed"));
        }
        if (status.has("controllerReachable")) {
            out.printf("controller       %s%n", status.path("controllerReachable").asBoolean() ? "reachable"
                    : "NOT reachable");
        }
        out.flush();
        return ExitCodes.OK;
    }
}

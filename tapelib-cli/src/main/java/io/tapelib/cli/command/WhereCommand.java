package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import io.tapelib.cli.http.ApiException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapelib where FILE...}: which cartridges hold each file and its state (GET /api/v1/files?path=FILE, which lists
 * a file alone); {@code --sha256 HEX}: every path with that content (GET /api/v1/files/by-sha256/{hex}).
 */
@Command(name = "where", description = "Which cartridges hold FILE (current and old copies) and its state; or every"
        + " file with a given SHA-256.")
public final class WhereCommand extends ApiCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Paths in the catalog or under the mount.")
        List<String> files;

        @Option(names = "--sha256", paramLabel = "HEX", description = "A content's SHA-256, 64 hex digits.")
        String sha256;
    }

    @Override
    int run(TapelibCli root) {
        List<JsonNode> found = new ArrayList<>();
        int missing = 0;
        if (target.sha256 != null) {
            found.addAll(list(root.gateway().get("files/by-sha256/" + PathSegments.encode(target.sha256))
                    .path("files")));
        } else {
            for (String typed : target.files) {
                String path = root.paths().catalogPath(typed);
                try {
                    JsonNode entries = root.gateway().get("files", Map.of("path", path, "recursive", "false",
                            "limit", "1")).path("entries");
                    JsonNode entry = entries.size() == 1 && path.equals(entries.get(0).path("path").asText())
                            ? entries.get(0) : null;
                    if (entry == null) {
                        root.out().flush();
                        root.err().println("tapelib: " + path + " is a directory");
                        missing++;
                    } else {
                        found.add(entry);
                    }
                } catch (ApiException e) {
                    if (e.status() != 404 || target.files.size() == 1) {
                        throw e;
                    }
                    root.err().println("tapelib: " + path + ": " + e.getMessage());
                    missing++;
                }
            }
        }
        if (root.json()) {
            ArrayNode array = root.mapper().createArrayNode();
            found.forEach(array::add);
            root.printJson(array);
        } else {
            found.forEach(entry -> print(root.out(), entry));
            root.out().flush();
        }
        return missing == 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static void print(PrintWriter out, JsonNode entry) {
        String sha = Json.text(entry, "sha256");
        out.printf("%s  %s  %s%s%n", entry.path("path").asText(), Json.text(entry, "state"),
                Bytes.human(entry.path("size").asLong()), sha == null ? "" : "  sha256 " + sha);
        JsonNode tapes = entry.path("tapes");
        if (tapes.isEmpty()) {
            out.println("  on no cartridge");
        }
        for (JsonNode copy : tapes) {
            out.printf("  %-10s %-8s %s%n", copy.path("volumeTag").asText(),
                    copy.path("current").asBoolean(true) ? "current" : "old", Bytes.human(copy.path("size").asLong()));
        }
    }
}

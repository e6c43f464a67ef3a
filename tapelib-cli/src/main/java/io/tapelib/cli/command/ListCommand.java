package io.tapelib.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapelib ls [PATH]}: the gateway's GET /api/v1/files, every page. With --json, one JSON array of File objects,
 * written as the pages arrive.
 */
@Command(name = "ls", description = "List the catalog under PATH (its direct entries; -R: the whole tree), every page,"
        + " filtered by state and cartridge.")
public class ListCommand extends ApiCommand {
    private static final String LINE = "%-9s %9s  %-20s  %s%s%n";

    @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "/",
            description = "A path in the catalog or under the mount (default: the root).")
    String path;

    @Option(names = {"-R", "--recursive"}, description = "The whole tree below PATH, depth-first.")
    boolean recursive;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only entries in this state: cached, offline, dirty, recalling, lost, shelved.")
    String state;

    @Option(names = "--tape", paramLabel = "TAG", description = "Only entries with a copy on this cartridge.")
    String tape;

    @Option(names = "--page", paramLabel = "N", defaultValue = "1000",
            description = "Entries asked for per request, 1..10000 (default ${DEFAULT-VALUE}).")
    int page;

    /** Whether the whole tree is listed (find's default). */
    boolean recursive() {
        return recursive;
    }

    @Override
    int run(TapelibCli root) throws IOException {
        Map<String, String> query = new HashMap<>();
        query.put("path", root.paths().catalogPath(path));
        query.put("recursive", Boolean.toString(recursive()));
        query.put("state", state);
        query.put("tape", tape);
        query.put("limit", Integer.toString(page));
        PrintWriter out = root.out();
        if (root.json()) {
            try (JsonGenerator array = root.mapper().getFactory().createGenerator(out)) {
                array.useDefaultPrettyPrinter();
                array.writeStartArray();
                CatalogPages.walk(root.gateway(), "files", query, "entries", entry -> write(array, entry));
                array.writeEndArray();
            }
            out.println();
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(LINE, "STATE", "SIZE", "MODIFIED", "PATH", "  TAPES");
        CatalogPages.walk(root.gateway(), "files", query, "entries", entry -> out.printf(LINE,
                "DIRECTORY".equals(Json.text(entry, "kind")) ? "dir" : orDash(Json.text(entry, "state")),
                "DIRECTORY".equals(Json.text(entry, "kind")) ? "-" : Bytes.human(entry.path("size").asLong()),
                orDash(Json.time(entry, "mtime")), entry.path("path").asText(), tapes(entry)));
        out.flush();
        return ExitCodes.OK;
    }

    private static void write(JsonGenerator array, JsonNode entry) {
        try {
            array.writeTree(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** "  TL0001L5,TL0002L5(old)": the cartridges with a copy, a copy that is not current marked. */
    static String tapes(JsonNode entry) {
        List<String> tags = new ArrayList<>();
        for (JsonNode copy : entry.path("tapes")) {
            tags.add(copy.path("volumeTag").asText() + (copy.path("current").asBoolean(true) ? "" : "(old)"));
        }
        return tags.isEmpty() ? "" : "  " + String.join(",", tags);
    }
}

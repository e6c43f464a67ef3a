package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import io.tapelib.cli.format.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tapelib tapes [TAG]}: the gateway's GET /api/v1/tapes (or /tapes/{tag}). */
@Command(name = "tapes", description = "Every cartridge the catalog knows: state, location, fill with live and dead"
        + " bytes, files, index generation, last written, why it is read-only.")
public final class TapesCommand extends ApiCommand {
    @Parameters(arity = "0..1", paramLabel = "TAG", description = "One cartridge's volume tag.")
    String volumeTag;

    @Override
    int run(TapelibCli root) {
        JsonNode answer = volumeTag == null ? root.gateway().get("tapes")
                : root.gateway().get("tapes/" + PathSegments.encode(volumeTag));
        if (root.json()) {
            root.printJson(answer);
            return ExitCodes.OK;
        }
        Iterable<JsonNode> tapes = volumeTag == null ? answer.path("tapes") : List.of(answer);
        Table table = new Table("TAG", "STATE", "LOCATION", "USED", "CAPACITY", "FILL", "LIVE", "DEAD", "FILES", "GEN",
                "LAST WRITTEN", "READ-ONLY");
        for (JsonNode tape : tapes) {
            long used = tape.path("usedBytes").asLong();
            long capacity = tape.path("capacityBytes").asLong();
            table.row(Json.text(tape, "volumeTag"), Json.text(tape, "state"), location(tape.get("location")),
                    Bytes.human(used), Bytes.human(capacity), capacity == 0 ? "-" : used * 100 / capacity + "%",
                    Bytes.human(tape.path("liveBytes").asLong()), Bytes.human(tape.path("deadBytes").asLong()),
                    tape.path("files").asLong(), tape.path("generation").asLong(), Json.time(tape, "lastWritten"),
                    Json.text(tape, "readOnlyReason"));
        }
        table.print(root.out());
        return ExitCodes.OK;
    }

    private static String location(JsonNode location) {
        if (location == null || location.isNull()) {
            return null;
        }
        String number = location.path("number").asText();
        return switch (location.path("type").asText()) {
            case "STORAGE" -> "slot " + number;
            case "DATA_TRANSFER" -> "drive " + number;
            case "IMPORT_EXPORT" -> "mail slot " + number;
            case "OUT" -> "out";
            default -> location.path("type").asText() + " " + number;
        };
    }
}

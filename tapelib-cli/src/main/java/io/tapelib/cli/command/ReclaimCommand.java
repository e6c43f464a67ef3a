package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tapelib reclaim TAG}: the gateway's POST /api/v1/tapes/{tag}/reclaim. */
@Command(name = "reclaim", description = "Reclaim a cartridge: copy its live files to other cartridges, then format"
        + " it. It runs when the drives are idle (tapelib jobs --follow shows its progress).")
public final class ReclaimCommand extends ApiCommand {

    @Parameters(paramLabel = "TAG", description = "The cartridge's volume tag.")
    String volumeTag;

    @Override
    int run(TapelibCli root) {
        JsonNode started = root.gateway().post("tapes/" + PathSegments.encode(volumeTag) + "/reclaim", null);
        if (root.json()) {
            root.printJson(started);
        } else {
            root.out().printf("Reclaim of %s recorded: %s live in %d files move to other cartridges, %s dead is"
                            + " freed%n", started.path("volumeTag").asText(volumeTag),
                    Bytes.human(started.path("liveBytes").asLong()), started.path("liveFiles").asInt(),
                    Bytes.human(started.path("deadBytes").asLong()));
            root.out().flush();
        }
        return ExitCodes.OK;
    }
}

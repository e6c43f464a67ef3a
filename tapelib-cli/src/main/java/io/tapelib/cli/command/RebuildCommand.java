package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.http.ApiException;
import picocli.CommandLine.Command;

/** {@code tapelib rebuild}: the gateway's POST /api/v1/rebuild, a re-index of every cartridge. */
@Command(name = "rebuild", description = "Read every cartridge's LTFS index into the catalog again, one at a time"
        + " (tapelib jobs --follow and tapelib status show its progress).")
public final class RebuildCommand extends ApiCommand {

    @Override
    int run(TapelibCli root) {
        JsonNode progress;
        try {
            progress = root.gateway().post("rebuild", null);
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw new ApiException(409, "a rebuild runs already (tapelib status shows its progress)");
            }
            throw e;
        }
        if (root.json()) {
            root.printJson(progress);
        } else {
            root.out().printf("Rebuild started: %d cartridges to read%n", progress.path("cartridgesTotal").asInt());
            root.out().flush();
        }
        return ExitCodes.OK;
    }
}

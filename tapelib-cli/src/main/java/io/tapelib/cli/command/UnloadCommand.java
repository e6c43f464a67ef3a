package io.tapelib.cli.command;

import io.tapelib.cli.TapelibCli;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapelib unload [--drive N] [--slot N]}: the controller's POST /api/v1/drives/{n}/unload. */
@Command(name = "unload", description = "Unload a drive's cartridge into the slot it came from (or --slot).")
public final class UnloadCommand extends RobotCommand {

    @Option(names = "--drive", paramLabel = "N", defaultValue = "0", description = "The drive number (default"
            + " ${DEFAULT-VALUE}).")
    int drive;

    @Option(names = "--slot", paramLabel = "N", description = "The storage element to put it in.")
    Integer slot;

    @Override
    int run(TapelibCli root) {
        Map<String, Object> body = slot == null ? Map.of() : Map.of("slot", slot);
        return finished(root, controller(root).post("drives/" + drive + "/unload", body));
    }
}

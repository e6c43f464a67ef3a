package io.tapelib.cli.command;

import io.tapelib.cli.TapelibCli;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapelib import [--slot N]}: the controller's POST /api/v1/import, a mail slot's cartridge into the library. */
@Command(name = "import", description = "Move a cartridge from a mail slot (import/export element) into a free"
        + " storage slot.")
public final class ImportCommand extends RobotCommand {

    @Option(names = "--slot", paramLabel = "N", description = "The mail slot (default: the first full one).")
    Integer slot;

    @Override
    int run(TapelibCli root) {
        return finished(root, controller(root).post("import", slot == null ? Map.of() : Map.of("slot", slot)));
    }
}

package io.tapelib.cli.command;

import io.tapelib.cli.TapelibCli;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapelib export TAG [--slot N]}: the controller's POST /api/v1/tapes/{tag}/export, to a mail slot. */
@Command(name = "export", description = "Move a cartridge to a mail slot (import/export element) for taking out.")
public final class ExportCommand extends RobotCommand {

    @Parameters(paramLabel = "TAG", description = "The cartridge's volume tag.")
    String volumeTag;

    @Option(names = "--slot", paramLabel = "N", description = "The mail slot (default: the first empty one).")
    Integer slot;

    @Override
    int run(TapelibCli root) {
        return finished(root, controller(root).post("tapes/" + PathSegments.encode(volumeTag) + "/export",
                slot == null ? Map.of() : Map.of("slot", slot)));
    }
}

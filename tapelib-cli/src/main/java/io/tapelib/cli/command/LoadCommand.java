package io.tapelib.cli.command;

import io.tapelib.cli.TapelibCli;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapelib load TAG|--slot N [--drive N]}: the controller's POST /api/v1/drives/{n}/load. */
@Command(name = "load", description = "Load a cartridge (by volume tag or storage slot) into a drive.")
public final class LoadCommand extends RobotCommand {

    @ArgGroup(multiplicity = "1")
    Cartridge cartridge;

    static final class Cartridge {
        @Parameters(paramLabel = "TAG", description = "The cartridge's volume tag.")
        String volumeTag;

        @Option(names = "--slot", paramLabel = "N", description = "The storage element it is in.")
        Integer slot;
    }

    @Option(names = "--drive", paramLabel = "N", defaultValue = "0", description = "The drive (data transfer"
            + " element) number, from 0 (default ${DEFAULT-VALUE}).")
    int drive;

    @Override
    int run(TapelibCli root) {
        Map<String, Object> body = cartridge.volumeTag != null ? Map.of("volumeTag", cartridge.volumeTag)
                : Map.of("slot", cartridge.slot);
        return finished(root, controller(root).post("drives/" + drive + "/load", body));
    }
}

package io.tapelib.controller.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tape-controller insert --cartridge DIR [--volume-tag TAG] [--move]} or {@code insert --blank TAG}: an
 * operator puts a cartridge into a free import/export element of the virtual library, also while the controller runs
 * (it sees the cartridge at its next inventory). See {@link io.tapelib.controller.library.MailSlots}.
 */
@Command(name = InsertCommand.NAME, mixinStandardHelpOptions = true, footer = MailSlotCommands.EXIT_CODES,
        description = {"Put a cartridge into a free import/export element (mail slot) of the virtual library, also"
                + " while the controller runs.",
                "The folder is in the layout of the LTFS reference implementation's file backend (mkltfs -e file):"
                        + " <partition>_<block>_<R|F|E> objects, attr_<partition>_<id hex> cartridge memory,"
                        + " filedebug_tc_conf.xml. It is copied (or renamed with --move); the library writes its own"
                        + " metadata beside it."})
public class InsertCommand implements Callable<Integer> {

    static final String NAME = "insert";

    /** Exactly one of a folder or a blank cartridge. */
    static class What {
        @Option(names = "--cartridge", required = true, paramLabel = "DIR",
                description = "Cartridge folder in the reference file backend's layout.")
        Path cartridge;

        @Option(names = "--blank", required = true, paramLabel = "TAG",
                description = "Insert a new blank cartridge with this volume tag.")
        String blank;
    }

    @ArgGroup(multiplicity = "1")
    What what;

    @Option(names = "--volume-tag", paramLabel = "TAG", description = "The cartridge's barcode label; default: the"
            + " BARCODE attribute (0806h) of its cartridge memory.")
    String volumeTag;

    @Option(names = "--move", description = "Rename the folder into the library instead of copying it (big"
            + " cartridges); across file systems it is copied, then deleted.")
    boolean move;

    @Spec
    CommandSpec spec;

    private final MailSlotCommands commands;

    @Inject
    public InsertCommand(MailSlotCommands commands) {
        this.commands = commands;
    }

    @Override
    public Integer call() {
        return commands.run(NAME, slots -> {
            var inserted = what.blank != null ? slots.insertBlank(what.blank)
                    : slots.insertCartridge(what.cartridge, Optional.ofNullable(volumeTag), move);
            return "inserted " + inserted.volumeTag() + " into import/export element " + inserted.slot();
        }, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

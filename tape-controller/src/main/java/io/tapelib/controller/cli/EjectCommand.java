package io.tapelib.controller.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tape-controller eject --volume-tag TAG --to DIR}: an operator takes a cartridge out of an import/export
 * element of the virtual library into a folder in the reference file backend's layout, also while the controller
 * runs. See {@link io.tapelib.controller.library.MailSlots}.
 */
@Command(name = EjectCommand.NAME, mixinStandardHelpOptions = true, footer = MailSlotCommands.EXIT_CODES,
        description = {"Take a cartridge out of an import/export element (mail slot) of the virtual library, also"
                + " while the controller runs.",
                "The cartridge is moved out of the library into DIR, in the layout of the LTFS reference"
                        + " implementation's file backend; the library's own metadata file is removed (capacity and"
                        + " write protection stay in filedebug_tc_conf.xml)."})
public class EjectCommand implements Callable<Integer> {

    static final String NAME = "eject";

    @Option(names = "--volume-tag", required = true, paramLabel = "TAG", description = "The cartridge to take out.")
    String volumeTag;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "The cartridge folder to create (it may exist as an empty directory).")
    Path to;

    @Spec
    CommandSpec spec;

    private final MailSlotCommands commands;

    @Inject
    public EjectCommand(MailSlotCommands commands) {
        this.commands = commands;
    }

    @Override
    public Integer call() {
        return commands.run(NAME, slots -> "ejected " + volumeTag + " to " + slots.eject(volumeTag, to),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

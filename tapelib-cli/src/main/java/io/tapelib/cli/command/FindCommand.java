package io.tapelib.cli.command;

import picocli.CommandLine.Command;

/** {@code tapelib find [PATH]}: {@code ls -R}, the whole tree below PATH. */
@Command(name = "find", description = "List the whole catalog tree below PATH (ls -R), every page, filtered by state"
        + " and cartridge.")
public final class FindCommand extends ListCommand {

    @Override
    boolean recursive() {
        return true;
    }
}

package io.tapelib.cli.command;

import io.tapelib.cli.TapelibCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A subcommand: runs against the root's connection settings; failures reach the root's exception handler. */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    TapelibCli root;

    @Override
    public final Integer call() throws Exception {
        return run(root);
    }

    /** @return the exit code (docs/operator-api.md "tapelib exit codes") */
    abstract int run(TapelibCli root) throws Exception;
}

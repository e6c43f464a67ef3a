package io.tapelib.controller.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * Entry point. The {@code import} command must not open the HTTP (and gRPC) port, which Quarkus starts before any
 * command runs: so for {@code import} the listener is switched off ({@code quarkus.http.host-enabled=false})
 * before Quarkus reads its configuration. Every other invocation runs {@link TapeControllerCommand}.
 */
@QuarkusMain
public class TapeControllerMain implements QuarkusApplication {

    private final CommandLine.IFactory factory;

    public TapeControllerMain(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    /** Starts the controller or runs a subcommand; exits with the command's status. */
    public static void main(String... args) {
        if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(TapeControllerMain.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(TapeControllerCommand.class, factory).execute(args);
    }
}

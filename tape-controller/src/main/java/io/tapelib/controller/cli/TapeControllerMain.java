package io.tapelib.controller.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * Entry point. The {@code import}, {@code index}, {@code doctor}, {@code insert} and {@code eject} commands must not open the HTTP (and gRPC) port, which Quarkus starts before any
 * command runs: so for them the listener is switched off ({@code quarkus.http.host-enabled=false})
 * before Quarkus reads its configuration. Every other invocation runs {@link TapeControllerCommand}.
 */
@QuarkusMain
public class TapeControllerMain implements QuarkusApplication {

    private static final String HTTP_LISTENER = "quarkus.http.host-enabled";
    /** Commands that use the library directly, instead of a running server. */
    private static final java.util.Set<String> OFFLINE_COMMANDS = java.util.Set.of(ImportCommand.NAME, IndexCommand.NAME,
            DoctorCommand.NAME, InsertCommand.NAME, EjectCommand.NAME);

    private final CommandLine commandLine;

    /** @param commandLine quarkus-picocli's command line of the {@code @TopCommand}, with CDI-created subcommands */
    public TapeControllerMain(CommandLine commandLine) {
        this.commandLine = commandLine.setExecutionExceptionHandler(new StartupFailureHandler());
    }

    /** Starts the controller or runs a subcommand; exits with the command's status. */
    public static void main(String... args) {
        boolean importing = args.length > 0 && OFFLINE_COMMANDS.contains(args[0]);
        if (importing) {
            System.setProperty(HTTP_LISTENER, "false");
        }
        try {
            Quarkus.run(TapeControllerMain.class, args);
        } finally {
            if (importing) {
                // a test JVM runs several apps; the next one must listen again
                System.clearProperty(HTTP_LISTENER);
            }
        }
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}

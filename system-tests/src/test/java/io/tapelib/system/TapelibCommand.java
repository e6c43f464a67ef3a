package io.tapelib.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tapelib} command line as an operator runs it: the built jar ({@code tapelib-cli/target/tapelib.jar}) in its
 * own JVM, pointed at a pair's gateway and controller through the environment, with or without OPERATOR_TOKEN.
 */
final class TapelibCommand {
    private static final Path JAR = Path.of(System.getProperty("tapelib.cli.jar"));

    private final Map<String, String> environment;

    /**
     * @param pair  the running pair
     * @param token OPERATOR_TOKEN, or null to run without one
     */
    TapelibCommand(LibraryPair pair, String token) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TAPELIB_GATEWAY_URL", pair.gateway.baseUrl(),
                "TAPELIB_CONTROLLER_URL", pair.controller.baseUrl(),
                "FUSE_MOUNT_POINT", pair.mount.toString()));
        if (token != null) {
            environment.put("OPERATOR_TOKEN", token);
        }
        this.environment = Map.copyOf(environment);
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private ProcessBuilder builder(String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        // The test JVM's own OPERATOR_TOKEN (if any) must not leak into a call meant to go without one.
        builder.environment().remove("OPERATOR_TOKEN");
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs {@code tapelib args...} to its end (two minutes at most). */
    Commands.Result run(String... args) throws IOException, InterruptedException {
        Process process = builder(args).start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tapelib " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Commands.Result(process.exitValue(), out.join(), err.join());
    }

    /** Starts {@code tapelib args...} in the background, its standard output and error into {@code output}. */
    Process start(Path output, String... args) throws IOException {
        return builder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package io.tapelib.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools a user would run (find, cp, sha256sum, ls) and captures what they print. */
final class Commands {
    private Commands() {
    }

    /** What a finished command printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed with exit code " + exitCode + ": " + stderr);
            }
            return this;
        }

        List<String> lines() {
            return stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n"));
        }
    }

    static Result run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        // Read both streams fully on their own threads so that neither pipe fills up.
        var out = new java.util.concurrent.CompletableFuture<String>();
        var err = new java.util.concurrent.CompletableFuture<String>();
        drain(() -> out.complete(readAll(process.getInputStream())));
        drain(() -> err.complete(readAll(process.getErrorStream())));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(null, 600, command);
    }

    /** Runs a command with extra environment variables (10 minutes at most), both outputs read in full. */
    static Result runWithEnvironment(java.util.Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        var out = new java.util.concurrent.CompletableFuture<String>();
        var err = new java.util.concurrent.CompletableFuture<String>();
        drain(() -> out.complete(readAll(process.getInputStream())));
        drain(() -> err.complete(readAll(process.getErrorStream())));
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 600 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void drain(Runnable body) {
        Thread thread = new Thread(body, "command-output");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code find DIR -printf '%P %s %m %T@ %y\n'} with mtimes cut to the second, sorted. */
    static List<String> listing(Path root) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line : run("find", root.toString(), "-mindepth", "1", "-printf", "%P\\t%s\\t%m\\t%T@\\t%y\\n")
                .requireSuccess("find " + root).lines()) {
            String[] f = line.split("\t");
            String seconds = f[3].contains(".") ? f[3].substring(0, f[3].indexOf('.')) : f[3];
            String type = f[4];
            // A directory's size is the filesystem's own block figure, not the tree's: compare it for files and links only.
            String size = type.equals("d") ? "-" : f[1];
            lines.add(f[0] + " " + size + " " + f[2] + " " + seconds + " " + type);
        }
        lines.sort(null);
        return lines;
    }
}

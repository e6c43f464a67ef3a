package io.tapelib.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the real applications (a quarkus-run.jar) started as a separate JVM, with its output in a log
 * file. Readiness is the application's own {@code /q/health/ready}.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final int httpPort;
    private final Path log;
    private Process process;

    ServiceProcess(String name, Path jar, int httpPort, Map<String, String> environment, List<String> jvmOptions, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = logDir.resolve(name + ".log");
    }

    /** A TCP port that was free a moment ago on the loopback interface. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    /** Bytes logged so far (0 before the first start). */
    long logSize() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What the service logged after the first {@code offset} bytes of its log file. */
    String logSince(long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Starts the JVM and waits (up to 120 s) until it reports ready; fails early when it exits. */
    ServiceProcess start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(CdsArchives.options(jar));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Files.writeString(log, "=== start " + name + " " + command + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = builder.start();
        await(name + " ready (log: " + log + ")").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
                    }
                    return ready();
                });
        return this;
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then up to 120 s for a clean shutdown (the controller writes final indexes), then SIGKILL. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: what a crash or the OOM killer does. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

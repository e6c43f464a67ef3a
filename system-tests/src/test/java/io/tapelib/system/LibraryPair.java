package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The two real applications as a user runs them: a tape-controller on a virtual library under {@code work} (tape
 * instant: TAPELIB_VIRTUAL_TIME_SCALE=0) and a fuse-gateway mounted at {@code work/mnt}, each at -Xmx256m, with the
 * checks a user makes (the mount's xattrs, sha256 of what it reads, the controller's job list). Closing stops both and
 * unmounts, even after a failure.
 */
final class LibraryPair implements AutoCloseable {
    private static final Path CONTROLLER_JAR = Path.of(System.getProperty("tapelib.controller.jar"));
    private static final Path GATEWAY_JAR = Path.of(System.getProperty("tapelib.gateway.jar"));
    private static final List<String> JVM = List.of("-Xmx256m");

    final Path work;
    final Path mount;
    final Map<String, String> controllerEnv;
    final ServiceProcess controller;
    final ServiceProcess gateway;

    /** Nothing runs yet; {@code extraControllerEnv} adds to or replaces the controller's environment. */
    LibraryPair(Path work, Map<String, String> extraControllerEnv) throws IOException {
        this.work = work;
        this.mount = work.resolve("mnt");
        int controllerPort = ServiceProcess.freePort();
        Map<String, String> controllerEnv = new HashMap<>(Map.of(
                "TAPE_CHANGER", "virtual:" + work.resolve("library"),
                "TAPE_MOUNT_DIR", work.resolve("spool").toString(),
                "TAPELIB_VIRTUAL_TIME_SCALE", "0"));
        controllerEnv.putAll(extraControllerEnv);
        this.controllerEnv = Map.copyOf(controllerEnv);
        Map<String, String> gatewayEnv = Map.of(
                "FUSE_MOUNT_POINT", mount.toString(),
                "CACHE_DIR", work.resolve("cache").toString(),
                "CATALOG_DB", work.resolve("catalog").resolve("catalog.db").toString(),
                "WRITE_DELAY", "1s",
                "RECALL_TIMEOUT", "60s",
                "CONTROLLER_GRPC", "127.0.0.1:" + controllerPort);
        // Logs stay after the run (the temporary directory does not), for whoever reads a failure.
        Path logs = Files.createDirectories(Path.of("target", "system-test-logs", work.getFileName().toString()));
        this.controller = new ServiceProcess("tape-controller", CONTROLLER_JAR, controllerPort, this.controllerEnv, JVM, logs);
        this.gateway = new ServiceProcess("fuse-gateway", GATEWAY_JAR, ServiceProcess.freePort(), gatewayEnv, JVM, logs);
    }

    /** Runs the controller's command line (import, index ...) while the controller's service is not running. */
    Commands.Result controllerCli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", CONTROLLER_JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(controllerEnv);
        Process process = builder.start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread drain = new Thread(() -> err.complete(readAll(process.getErrorStream())), "cli-stderr");
        drain.setDaemon(true);
        drain.start();
        String out = readAll(process.getInputStream());
        return new Commands.Result(process.waitFor(), out, err.join());
    }

    /** A job of the controller, as GET /api/v1/jobs shows it. */
    record Job(long id, String type, String state, String volumeTag, long bytes, String error) {
        boolean running() {
            return "RUNNING".equals(state) || "QUEUED".equals(state);
        }
    }

    /** The controller's jobs, newest first. */
    List<Job> jobs() {
        List<Map<String, Object>> jobs = given().baseUri(controller.baseUrl()).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return jobs.stream().map(j -> new Job(((Number) j.get("id")).longValue(), (String) j.get("type"),
                (String) j.get("state"), (String) j.get("volumeTag"), ((Number) j.get("bytes")).longValue(),
                (String) j.get("error"))).toList();
    }

    /** The running job of {@code type}, if any. */
    Optional<Job> running(String type) {
        return jobs().stream().filter(j -> type.equals(j.type()) && "RUNNING".equals(j.state())).findFirst();
    }

    /** The job with {@code id}. */
    Job job(long id) {
        return jobs().stream().filter(j -> j.id() == id).findFirst().orElseThrow();
    }

    /** Waits until job {@code id} has ended (at most {@code atMost}); returns it. */
    Job awaitEnd(long id, Duration atMost) {
        await("job " + id + " ends").atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> !job(id).running());
        return job(id);
    }

    /** Objects (blocks, filemarks) on the data partition of a virtual cartridge. */
    long dataObjects(String volumeTag) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("library").resolve("cartridges").resolve(volumeTag))) {
            return files.filter(f -> f.getFileName().toString().startsWith("1_")).count();
        }
    }

    /** What the controller logged so far. */
    String controllerLog() throws IOException {
        return Files.readString(controller.log(), StandardCharsets.UTF_8);
    }

    void evictCache() {
        given().baseUri(gateway.baseUrl()).post("/api/v1/cache/evict").then().statusCode(200);
    }

    /**
     * Waits until the mount reports {@code relative} migrated: on a tape, cached or (once evicted) offline, no longer
     * dirty.
     */
    void awaitMigrated(String relative, Duration atMost) {
        await(relative + " migrated").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("cached", "offline").contains(xattr(relative, "tapelib.state"))
                        && !xattr(relative, "tapelib.tapes").isBlank());
    }

    /** A {@code user.} extended attribute of a file in the mount, {@code name} without the prefix. */
    String xattr(String relative, String name) {
        Path file = mount.resolve(relative);
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading user." + name + " of " + file, e);
        }
    }

    /** Writes {@code bytes} random bytes to {@code file}. */
    static void randomFile(Path file, long bytes) throws IOException, InterruptedException {
        Commands.run("sh", "-c", "head -c " + bytes + " /dev/urandom > '" + file + "'").requireSuccess("make " + file);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private boolean mounted() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.stop();
            controller.stop();
        } finally {
            if (mounted()) {
                Commands.run("fusermount", "-uz", mount.toString());
            }
        }
    }
}

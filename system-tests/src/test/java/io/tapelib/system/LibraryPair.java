package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The two real applications as a user runs them: a tape-controller on a virtual library under {@code work} (tape
 * instant: TAPELIB_VIRTUAL_TIME_SCALE=0) and a fuse-gateway mounted at {@code work/mnt}, each at -Xmx256m, with the
 * checks a user makes (the mount's xattrs, the controller's job list and drive, its command line). Logs are kept under
 * {@code target/system-test-logs/<name>} after the run. Closing stops both and unmounts, even after a failure: the
 * test classes hold it in an {@code @AutoClose} field, which JUnit closes before it deletes their {@code @TempDir}.
 */
final class LibraryPair implements AutoCloseable {
    private static final Path CONTROLLER_JAR = Path.of(System.getProperty("tapelib.controller.jar"));
    private static final Path GATEWAY_JAR = Path.of(System.getProperty("tapelib.gateway.jar"));
    private static final List<String> JVM = List.of("-Xmx256m");

    final Path work;
    final Path mount;
    final Path cartridges;
    final ServiceProcess controller;
    /** Replaced by {@link #reconfigureGateway}. */
    ServiceProcess gateway;
    private final Map<String, String> controllerEnv;
    private final Map<String, String> gatewayEnv;
    private final List<String> gatewayJvm;
    private final Path logs;

    /**
     * Nothing runs yet. The settings add to or replace the environment that wires the pair together (library, spool,
     * cache, catalog and mount under {@code work}, the gateway pointed at the controller's gRPC port, a free one).
     */
    LibraryPair(String name, Path work, Map<String, String> controllerSettings, Map<String, String> gatewaySettings)
            throws IOException {
        this(name, work, controllerSettings, gatewaySettings, List.of(), List.of());
    }

    /** As above, with JVM options added to the controller's and the gateway's ({@link CdsArchives} dumps with them). */
    LibraryPair(String name, Path work, Map<String, String> controllerSettings, Map<String, String> gatewaySettings,
            List<String> controllerJvmOptions, List<String> gatewayJvmOptions) throws IOException {
        this.work = work;
        this.mount = work.resolve("mnt");
        this.cartridges = work.resolve("library").resolve("cartridges");
        int controllerPort = ServiceProcess.freePort();
        int grpcPort = ServiceProcess.freePort();
        Map<String, String> controllerEnv = new HashMap<>(Map.of(
                "TAPE_CHANGER", "virtual:" + work.resolve("library"),
                "TAPE_MOUNT_DIR", work.resolve("spool").toString(),
                "TAPELIB_VIRTUAL_TIME_SCALE", "0",
                "TAPELIB_CONTROLLER_GRPC_PORT", String.valueOf(grpcPort)));
        controllerEnv.putAll(controllerSettings);
        this.controllerEnv = Map.copyOf(controllerEnv);
        Map<String, String> gatewayEnv = new HashMap<>(Map.of(
                "FUSE_MOUNT_POINT", mount.toString(),
                "CACHE_DIR", work.resolve("cache").toString(),
                "CATALOG_DB", work.resolve("catalog").resolve("catalog.db").toString(),
                "CONTROLLER_GRPC", "127.0.0.1:" + grpcPort));
        gatewayEnv.putAll(gatewaySettings);
        this.gatewayEnv = gatewayEnv;
        // Logs stay after the run (the temporary directory does not), for whoever reads a failure.
        this.logs = Files.createDirectories(Path.of("target", "system-test-logs", name));
        this.controller = new ServiceProcess("tape-controller", CONTROLLER_JAR, controllerPort, this.controllerEnv,
                jvm(controllerJvmOptions), logs);
        this.gatewayJvm = jvm(gatewayJvmOptions);
        this.gateway = newGateway();
    }

    /** Makes the service jars' class-data-sharing archives once per test run (before the first test class). */
    static void prepareCdsArchives() {
        CdsArchives.prepare(CONTROLLER_JAR, GATEWAY_JAR);
    }

    private static List<String> jvm(List<String> added) {
        List<String> options = new ArrayList<>(JVM);
        options.addAll(added);
        return options;
    }

    private ServiceProcess newGateway() throws IOException {
        return new ServiceProcess("fuse-gateway", GATEWAY_JAR, ServiceProcess.freePort(), gatewayEnv, gatewayJvm, logs);
    }

    /**
     * Starts the controller, then the gateway, each until it reports ready. When either fails, stops what it started
     * and unmounts before the error propagates: the caller then has no pair to close.
     */
    LibraryPair start() throws IOException {
        try {
            controller.start();
            gateway.start();
        } catch (IOException | RuntimeException | Error e) {
            try {
                close();
            } catch (Exception stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw e;
        }
        return this;
    }

    /**
     * With the gateway stopped: the next {@code gateway.start()} runs with {@code changes} applied to its settings (the
     * same log file, appended to).
     */
    void reconfigureGateway(Map<String, String> changes) throws IOException {
        if (gateway.alive()) {
            throw new IllegalStateException("stop the gateway before changing its settings");
        }
        gatewayEnv.putAll(changes);
        gateway = newGateway();
    }

    /** Runs the controller's command line (import, index ...) while the controller's service is not running. */
    Commands.Result controllerCli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", CONTROLLER_JAR.toString()));
        command.addAll(1, CdsArchives.options(CONTROLLER_JAR));
        command.addAll(List.of(args));
        return Commands.runWithEnvironment(controllerEnv, command.toArray(String[]::new));
    }

    /**
     * As {@link #controllerCli}, while the controller's service runs, with the service's own HTTP port configured: a
     * command that opened an HTTP listener would fail to bind it.
     */
    Commands.Result controllerCliBesideService(String... args) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(controllerEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(controller.httpPort()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", CONTROLLER_JAR.toString()));
        command.addAll(1, CdsArchives.options(CONTROLLER_JAR));
        command.addAll(List.of(args));
        return Commands.runWithEnvironment(env, command.toArray(String[]::new));
    }

    /** As {@link #controllerCli}, with the JVM's maximum heap {@code maxHeap} (e.g. "2g") instead of 256 MiB. */
    Commands.Result controllerCliWithHeap(String maxHeap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-jar", CONTROLLER_JAR.toString()));
        command.addAll(1, CdsArchives.options(CONTROLLER_JAR));
        command.addAll(List.of(args));
        return Commands.runWithEnvironment(controllerEnv, command.toArray(String[]::new));
    }

    /** {@code import --source source --volume-tags tags}; fails the test when the import fails. */
    void importTree(Path source, String volumeTags) throws IOException, InterruptedException {
        Commands.Result imported = controllerCli("import", "--source", source.toString(), "--volume-tags", volumeTags);
        assertThat(imported.exitCode()).as("import output: %s%s", imported.stdout(), imported.stderr()).isZero();
    }

    /** A job of the controller, as the controller's GET /api/v1/jobs shows it. */
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

    /** A job of the gateway (write-back, recall, rebuild or reclaim batch), as the gateway's GET /api/v1/jobs shows it. */
    record GatewayJob(long id, String type, String state, String volumeTag, long bytes, String error) {
    }

    /** The gateway's jobs of {@code type} (WRITE_BACK, RECALL, REBUILD, RECLAIM), newest first, at most 100. */
    List<GatewayJob> gatewayJobs(String type) {
        List<Map<String, Object>> jobs = given().baseUri(gateway.baseUrl()).queryParam("type", type)
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("jobs");
        return jobs.stream().map(j -> new GatewayJob(((Number) j.get("id")).longValue(), (String) j.get("type"),
                (String) j.get("state"), (String) j.get("volumeTag"), ((Number) j.get("bytes")).longValue(),
                (String) j.get("error"))).toList();
    }

    /** The running job of {@code type}, if any. */
    Optional<Job> running(String type) {
        return jobs().stream().filter(j -> type.equals(j.type()) && "RUNNING".equals(j.state())).findFirst();
    }

    /** The volume tag the running MIGRATE job writes to, if one runs and has a cartridge. */
    Optional<String> runningMigration() {
        return running("MIGRATE").map(Job::volumeTag);
    }

    /** A running MIGRATE job and the objects it has put on its cartridge's data partition since it was first seen. */
    record MigrationProgress(Job job, long objects) {
    }

    /**
     * Waits (at most {@code atMost}) until a running MIGRATE job has put at least {@code objects} records and filemarks
     * on its cartridge's data partition, counted from the first time this call saw it running.
     */
    MigrationProgress awaitMigrationProgress(long objects, Duration atMost) {
        Map<String, Long> firstSeen = new HashMap<>();
        return await("a MIGRATE job " + objects + " data-partition objects in").atMost(atMost)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    Job running = running("MIGRATE").orElse(null);
                    if (running == null || running.volumeTag() == null) {
                        return null;
                    }
                    long now = dataObjects(running.volumeTag());
                    long written = now - firstSeen.computeIfAbsent(running.volumeTag(), t -> now);
                    return written >= objects ? new MigrationProgress(running, written) : null;
                }, java.util.Objects::nonNull);
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

    /** POST .../tapes/{volumeTag}/recover: the finished RECOVER job, as JSON fields. */
    Map<String, Object> recover(String volumeTag) {
        return given().baseUri(controller.baseUrl()).post("/api/v1/tapes/" + volumeTag + "/recover")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** The volume tag of the cartridge in drive 0, if it is full. */
    Optional<String> loadedTape() {
        Map<String, Object> drive = given().baseUri(controller.baseUrl()).get("/api/v1/library")
                .then().statusCode(200).extract().jsonPath().getMap("drives[0]");
        return Boolean.TRUE.equals(drive.get("full")) ? Optional.ofNullable((String) drive.get("volumeTag"))
                : Optional.empty();
    }

    /** Unloads drive 0 if it holds a cartridge. */
    void emptyDrive() {
        if (loadedTape().isPresent()) {
            given().baseUri(controller.baseUrl()).post("/api/v1/drives/0/unload").then().statusCode(200);
        }
    }

    /** The volume tags of the virtual library's cartridges, sorted. */
    List<String> cartridgeTags() throws IOException {
        try (Stream<Path> dirs = Files.list(cartridges)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** Records, filemarks and EOD marker on the data partition of a virtual cartridge's directory. */
    long dataObjects(String volumeTag) throws IOException {
        try (Stream<Path> files = Files.list(cartridges.resolve(volumeTag))) {
            return files.filter(f -> f.getFileName().toString().startsWith("1_")).count();
        }
    }

    /** What the controller logged so far. */
    String controllerLog() throws IOException {
        return controller.logSince(0);
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

    /** Waits until the mount reports {@code relative} cached (migrated, its content still in the cache). */
    void awaitCached(String relative, Duration atMost) {
        await(relative + " cached").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> "cached".equals(xattr(relative, "tapelib.state")));
    }

    /** A {@code user.} extended attribute of a file in the mount, {@code name} without the prefix. */
    String xattr(String relative, String name) {
        return MountFiles.xattr(mount.resolve(relative), name);
    }

    /** Whether the mount is in this process's mount table. */
    boolean mounted() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ");
    }

    @Override
    public void close() throws Exception {
        try {
            try {
                gateway.stop();
            } finally {
                controller.stop();
            }
        } finally {
            if (mounted()) {
                Commands.run("fusermount", "-uz", mount.toString());
            }
        }
    }
}

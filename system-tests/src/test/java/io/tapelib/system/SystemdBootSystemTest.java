package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static io.tapelib.system.MountFiles.sha256;
import static io.tapelib.system.MountFiles.xattr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's hardened units under the systemd they are written for: a real systemd as PID 1 of private namespaces
 * ({@link NamespaceSystemd}), the applications, units and environment file installed by {@code deploy/install.sh
 * --root}, a virtual library. Both units start with their protections in force, the gateway's FUSE mount is the
 * system's (not hidden in a namespace of the unit's own), a file written there migrates and reads back from tape, a
 * killed controller is restarted by systemd while the mount serves on, a killed gateway's stale mount is cleared and
 * the restarted gateway mounts again, and both stop cleanly, with nothing refused or failed in the journal. Skipped (an assumption)
 * where no systemd can boot in a namespace: not root, no systemd, no cgroup2, no namespaces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdBootSystemTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final String MOUNT = "/mnt/tape_library";
    private static final String ENV_FILE = "etc/tapelib/tapelib.env";
    /** CAP_SYS_ADMIN (bit 21) alone, as /proc/PID/status prints capability sets. */
    private static final String SYS_ADMIN_ONLY = "0000000000200000";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    @AutoClose
    NamespaceSystemd systemd;
    private Path root;
    private String controllerUrl;
    private String gatewayUrl;
    /** The file of {@link #aFileWrittenAtTheMountMigratesAndReadsBackFromTape}, evicted (offline), and its SHA-256. */
    private Path migrated;
    private String migratedDigest;
    /** Why no systemd can boot in a namespace on this machine, if it cannot: every test is skipped with it. */
    private Optional<String> cannotBoot;

    @BeforeAll
    void installAndBoot() throws Exception {
        cannotBoot = NamespaceSystemd.cannotBoot();
        if (cannotBoot.isPresent()) {
            return;
        }
        root = work.resolve("root");
        NamespaceSystemd.prepare(root);
        Commands.run("bash", PROJECT.resolve("deploy/install.sh").toString(), "--root", root.toString())
                .requireSuccess("install.sh --root");
        int controllerPort = ServiceProcess.freePort();
        int controllerGrpcPort = ServiceProcess.freePort();
        int gatewayPort = ServiceProcess.freePort();
        controllerUrl = "http://127.0.0.1:" + controllerPort;
        gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        // The site's edits to the installed environment file: the virtual library, instant tape, a short write delay,
        // free ports (the host's network is shared with other tests).
        Path env = root.resolve(ENV_FILE);
        String edited = Files.readString(env).lines()
                .filter(line -> !line.startsWith("TAPE_DRIVES="))
                .map(line -> line.startsWith("TAPE_CHANGER=") ? "TAPE_CHANGER=virtual:/var/lib/tapelib/library"
                        : line.startsWith("WRITE_DELAY=") ? "WRITE_DELAY=2s"
                        : line.startsWith("CONTROLLER_GRPC=") ? "CONTROLLER_GRPC=127.0.0.1:" + controllerGrpcPort
                        : line)
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(env, edited + "TAPELIB_CONTROLLER_PORT=" + controllerPort + "\nTAPELIB_CONTROLLER_GRPC_PORT="
                + controllerGrpcPort + "\nTAPELIB_VIRTUAL_TIME_SCALE=0\nTAPELIB_VIRTUAL_CARTRIDGES=2\n");
        // Both units read the same file: the gateway's HTTP port goes into a drop-in, as a site would do it.
        Path dropIn = Files.createDirectories(root.resolve("etc/systemd/system/fuse-gateway.service.d"));
        Files.writeString(dropIn.resolve("port.conf"), "[Service]\nEnvironment=QUARKUS_HTTP_PORT=" + gatewayPort + "\n");
        systemd = NamespaceSystemd.boot(root, Path.of("target", "system-test-logs", "systemd-boot"));
    }

    /** Per test rather than in {@code @BeforeAll}, so that the report counts each skipped test with the reason. */
    @BeforeEach
    void skipWhereNoSystemdCanBoot() {
        assumeTrue(cannotBoot.isEmpty(), () -> "no systemd can boot in a namespace here: " + cannotBoot.orElseThrow());
    }

    @Test
    @Order(1)
    void bothUnitsStartWithTheirProtectionsAndTheMountIsTheSystems() throws Exception {
        long started = System.nanoTime();
        systemd.inside("systemctl", "start", "tape-controller", "fuse-gateway").requireSuccess("systemctl start");
        awaitReady(gatewayUrl);
        await("the FUSE mount in PID 1's mount table").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(this::mountedForTheSystem);
        System.out.printf("SystemdBootSystemTest: both units active, the gateway mounted, %d ms after systemctl start%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(systemd.show("tape-controller", "ActiveState")).isEqualTo("active");
        assertThat(systemd.show("fuse-gateway", "ActiveState")).isEqualTo("active");

        Map<String, String> controller = status("tape-controller");
        String tapelibUid = Files.readString(root.resolve("etc/passwd")).lines()
                .filter(line -> line.startsWith("tapelib:")).findFirst().orElseThrow().split(":")[2];
        assertThat(controller.get("Uid")).as("the controller runs as tapelib").startsWith(tapelibUid + "\t");
        assertThat(controller.get("CapEff")).as("the controller's capabilities").isEqualTo("0000000000000000");
        assertThat(controller.get("CapBnd")).as("the controller's bounding set").isEqualTo("0000000000000000");
        assertThat(controller.get("NoNewPrivs")).isEqualTo("1");
        assertThat(controller.get("Seccomp")).as("the controller's system-call filter").isEqualTo("2");
        assertThat(mountNamespace("tape-controller")).as("ProtectSystem=strict: a mount namespace of its own")
                .isNotEqualTo(pid1MountNamespace());

        Map<String, String> gateway = status("fuse-gateway");
        assertThat(gateway.get("Uid")).startsWith("0\t");
        assertThat(gateway.get("CapEff")).as("the gateway's capabilities").isEqualTo(SYS_ADMIN_ONLY);
        assertThat(gateway.get("CapBnd")).as("the gateway's bounding set").isEqualTo(SYS_ADMIN_ONLY);
        assertThat(gateway.get("NoNewPrivs")).isEqualTo("1");
        assertThat(gateway.get("Seccomp")).as("the gateway's system-call filter").isEqualTo("2");
        assertThat(mountNamespace("fuse-gateway")).as("the gateway mounts for the whole system")
                .isEqualTo(pid1MountNamespace());
    }

    @Test
    @Order(2)
    void aFileWrittenAtTheMountMigratesAndReadsBackFromTape() throws Exception {
        Path directory = Files.createDirectories(systemd.hostPath(MOUNT).resolve("smoke"));
        Path file = directory.resolve("written-under-systemd.bin");
        long length = 3L * 1024 * 1024 + 17;
        String digest = MountFiles.writeGenerated(file, length, 14);
        migrated = file;

        awaitMigrated(file);
        List<Map<String, Object>> jobs = given().baseUri(controllerUrl).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(jobs).as("the controller's jobs").anySatisfy(job -> {
            assertThat(job.get("type")).isEqualTo("MIGRATE");
            assertThat(job.get("state")).isEqualTo("SUCCEEDED");
            assertThat(((Number) job.get("bytes")).longValue()).isGreaterThanOrEqualTo(length);
        });

        given().baseUri(gatewayUrl).post("/api/v1/cache/evict").then().statusCode(200);
        assertThat(xattr(file, "tapelib.state")).isEqualTo("offline");
        assertThat(sha256(file)).as("read back from tape").isEqualTo(digest);
        // read-while-recall: the read may end before the recall has recorded its last block, and a recalling object
        // is not evicted; evict until it is offline again
        await("the recalled file evicted again").atMost(Duration.ofSeconds(30)).until(() -> {
            given().baseUri(gatewayUrl).post("/api/v1/cache/evict").then().statusCode(200);
            return xattr(file, "tapelib.state").equals("offline");
        });
        migratedDigest = digest;
    }

    @Test
    @Order(3)
    void aKilledControllerIsRestartedBySystemdWhileTheMountServesOn() throws Exception {
        String controllerPid = systemd.show("tape-controller", "MainPID");
        String gatewayPid = systemd.show("fuse-gateway", "MainPID");
        long killed = System.nanoTime();
        systemd.inside("systemctl", "kill", "-s", "KILL", "tape-controller").requireSuccess("systemctl kill");
        await("the controller waits for its restart").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> systemd.show("tape-controller", "SubState").equals("auto-restart"));

        // RestartSec=5: the mount serves meanwhile (a write is cached, a listing and a read answered)
        Path directory = systemd.hostPath(MOUNT).resolve("smoke");
        Path duringOutage = directory.resolve("written-while-the-controller-was-down.bin");
        String digest = MountFiles.writeGenerated(duringOutage, 1024 * 1024, 15);
        assertThat(sha256(duringOutage)).isEqualTo(digest);
        try (var listing = Files.list(directory)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .contains("written-under-systemd.bin", "written-while-the-controller-was-down.bin");
        }
        assertThat(systemd.show("tape-controller", "SubState")).as("still down while the mount served")
                .isEqualTo("auto-restart");

        awaitReady(controllerUrl);
        System.out.printf("SystemdBootSystemTest: controller killed, restarted by systemd and ready in %d ms%n",
                (System.nanoTime() - killed) / 1_000_000);
        assertThat(systemd.show("tape-controller", "NRestarts")).isEqualTo("1");
        assertThat(systemd.show("tape-controller", "MainPID")).isNotEqualTo(controllerPid);
        assertThat(systemd.show("fuse-gateway", "MainPID")).as("the gateway was not restarted").isEqualTo(gatewayPid);
        assertThat(systemd.show("fuse-gateway", "NRestarts")).isEqualTo("0");
        assertThat(xattr(migrated, "tapelib.state")).isEqualTo("offline");
        assertThat(sha256(migrated)).as("recalled through the restarted controller").isEqualTo(migratedDigest);
    }

    @Test
    @Order(4)
    void aKilledGatewaysStaleMountIsClearedAndItMountsAgain() throws Exception {
        Path file = systemd.hostPath(MOUNT).resolve("smoke/written-while-the-controller-was-down.bin");
        String digest = sha256(file);
        String gatewayPid = systemd.show("fuse-gateway", "MainPID");
        systemd.inside("systemctl", "kill", "-s", "KILL", "fuse-gateway").requireSuccess("systemctl kill");
        // ExecStopPost runs before the restart is scheduled: in auto-restart the killed gateway's mount is gone
        await("the gateway waits for its restart").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> systemd.show("fuse-gateway", "SubState").equals("auto-restart"));
        assertThat(mountedForTheSystem()).as("ExecStopPost cleared the killed gateway's stale mount").isFalse();

        awaitReady(gatewayUrl);
        await("the restarted gateway's mount").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(this::mountedForTheSystem);
        assertThat(systemd.show("fuse-gateway", "MainPID")).isNotEqualTo(gatewayPid);
        assertThat(systemd.show("fuse-gateway", "NRestarts")).isEqualTo("1");
        assertThat(sha256(file)).as("a file written and closed before the kill").isEqualTo(digest);
    }

    @Test
    @Order(5)
    void bothStopCleanlyAndTheMountIsGone() throws Exception {
        long stopping = System.nanoTime();
        systemd.inside("systemctl", "stop", "fuse-gateway", "tape-controller").requireSuccess("systemctl stop");
        long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        System.out.printf("SystemdBootSystemTest: systemctl stop fuse-gateway tape-controller took %d ms%n", stopMillis);
        for (String unit : List.of("fuse-gateway", "tape-controller")) {
            assertThat(systemd.show(unit, "ActiveState")).as(unit).isEqualTo("inactive");
            assertThat(systemd.show(unit, "Result")).as(unit + ": the JVM's exit 143 counts as success")
                    .isEqualTo("success");
        }
        assertThat(mountedForTheSystem()).as("the mount is gone").isFalse();
        assertThat(stopMillis).as("the gateway's unmount did not wait for a mount held elsewhere (its deadline: 60 s)")
                .isLessThan(30_000);
        String journal = systemd.inside("journalctl", "-b", "--no-pager", "-u", "tape-controller", "-u", "fuse-gateway")
                .stdout();
        assertThat(journal).as("nothing refused by the system-call filter or the capability sets (EPERM)")
                .doesNotContain("Operation not permitted");
        assertThat(journal).as("ExecStopPost leaves a mount the gateway already unmounted alone")
                .doesNotContain("failed to unmount");
    }

    private boolean mountedForTheSystem() throws Exception {
        return systemd.mountTable().lines()
                .anyMatch(line -> line.contains(" " + MOUNT + " ") && line.contains(" fuse.tapelib "));
    }

    private void awaitReady(String baseUrl) {
        await(baseUrl + " ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> given().baseUri(baseUrl).get("/q/health/ready").statusCode() == 200);
    }

    private static void awaitMigrated(Path file) {
        await(file.getFileName() + " migrated").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("cached", "offline").contains(xattr(file, "tapelib.state"))
                        && !xattr(file, "tapelib.tapes").isBlank());
    }

    /** The unit's main process's /proc/PID/status, field by field. */
    private Map<String, String> status(String unit) throws Exception {
        String pid = systemd.show(unit, "MainPID");
        Pattern field = Pattern.compile("^(\\w+):\\s*(.*)$");
        return systemd.inside("cat", "/proc/" + pid + "/status").requireSuccess("status of " + unit).lines().stream()
                .map(field::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2), (a, b) -> a));
    }

    private String mountNamespace(String unit) throws Exception {
        return systemd.inside("readlink", "/proc/" + systemd.show(unit, "MainPID") + "/ns/mnt").stdout().strip();
    }

    private String pid1MountNamespace() throws Exception {
        return systemd.inside("readlink", "/proc/1/ns/mnt").stdout().strip();
    }
}

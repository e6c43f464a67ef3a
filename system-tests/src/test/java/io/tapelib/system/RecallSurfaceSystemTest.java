package io.tapelib.system;

import static io.tapelib.system.MountFiles.xattr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 4, through the real jars and a real mount: {@code setfattr -n user.tapelib.recall -v 1} queues
 * a recall and returns while the file is still on tape, {@code user.tapelib.eta} estimates the wait, and an
 * O_NONBLOCK open of an offline file answers EAGAIN and queues its recall. The virtual library runs at a time scale of
 * 0.03 (a robot move 0.6 s, a load 0.4 s), and the drive is emptied before the recalls whose wait is measured, so they
 * last seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecallSurfaceSystemTest {
    private static final Duration RECALLED_WITHIN = Duration.ofSeconds(30);
    private static final long SIZE = 3L * 1024 * 1024;

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private Path mount;
    private final Map<String, String> sha256 = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        Files.createDirectories(source.resolve("set"));
        long seed = 1;
        for (String name : new String[] {"queued.bin", "eta.bin", "nonblocking.bin", "set/one.bin", "set/two.bin"}) {
            sha256.put(name, MountFiles.writeGenerated(source.resolve(name), SIZE, seed++));
        }
        // one cartridge: the gateway's start-up indexing loads no blank ones
        pair = new LibraryPair("recall-surface", work,
                Map.of("TAPELIB_VIRTUAL_TIME_SCALE", "0.03", "TAPELIB_VIRTUAL_CARTRIDGES", "1"), Map.of());
        pair.importTree(source, "TL0001L5");
        pair.start();
        mount = pair.mount;
        emptyDrive();
    }

    /** The next recall loads the cartridge: robot move and load, seconds at this time scale. */
    private void emptyDrive() {
        await("the controller idle").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> pair.jobs().stream().noneMatch(LibraryPair.Job::running));
        pair.emptyDrive();
    }

    @Test
    @Order(1)
    void setfattrQueuesTheRecallAndReturnsWhileTheFileIsStillOnTape() throws Exception {
        Path file = mount.resolve("queued.bin");
        assertThat(xattr(file, "tapelib.state")).isEqualTo("offline");
        assertThat(getfattr(file, "user.tapelib.eta").stderr()).as("no recall queued: no estimate")
                .contains("No such attribute");

        long started = System.nanoTime();
        Commands.run("setfattr", "-n", "user.tapelib.recall", "-v", "1", file.toString()).requireSuccess("setfattr");
        Duration returnedAfter = Duration.ofNanos(System.nanoTime() - started);
        assertThat(xattr(file, "tapelib.state")).as("setfattr returned before the recall ended")
                .isEqualTo("recalling");

        pair.awaitCached("queued.bin", RECALLED_WITHIN);
        Duration cachedAfter = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("RecallSurfaceSystemTest: setfattr returned after %d ms, the file was cached after %d ms%n",
                returnedAfter.toMillis(), cachedAfter.toMillis());
        assertThat(returnedAfter).isLessThan(Duration.ofSeconds(1)).isLessThan(cachedAfter.dividedBy(2));
        assertThat(MountFiles.sha256(file)).isEqualTo(sha256.get("queued.bin"));
        assertThat(getfattr(file, "user.tapelib.eta").stdout().strip()).isEqualTo("0");

        Commands.Result listed = Commands.run("getfattr", "-d", "-m", "-", "--absolute-names", file.toString());
        assertThat(listed.stdout()).contains("user.tapelib.eta=\"0\"").doesNotContain("user.tapelib.recall");
        assertThat(getfattr(file, "user.tapelib.recall").stderr()).as("write-only").contains("No such attribute");
    }

    /** Needs the recall scheduler's estimate (RecallRequester.eta, helper B of issue 12). */
    @Test
    @Order(2)
    void etaIsANonNegativeNumberWhileTheRecallIsQueuedAndZeroOnceCached() throws Exception {
        emptyDrive();
        Path file = mount.resolve("eta.bin");
        Commands.run("setfattr", "-n", "user.tapelib.recall", "-v", "1", file.toString()).requireSuccess("setfattr");
        Commands.Result eta = getfattr(file, "user.tapelib.eta");
        assertThat(xattr(file, "tapelib.state")).as("still queued after the estimate was read").isEqualTo("recalling");
        assertThat(eta.exitCode()).as("getfattr of a queued recall's eta: %s", eta.stderr()).isZero();
        System.out.printf("RecallSurfaceSystemTest: user.tapelib.eta of a queued recall: %s s%n", eta.stdout().strip());
        assertThat(Double.parseDouble(eta.stdout().strip())).isGreaterThanOrEqualTo(0.0);

        pair.awaitCached("eta.bin", RECALLED_WITHIN);
        assertThat(getfattr(file, "user.tapelib.eta").stdout().strip()).isEqualTo("0");
        assertThat(MountFiles.sha256(file)).isEqualTo(sha256.get("eta.bin"));
    }

    @Test
    @Order(3)
    void aNonBlockingOpenOfAnOfflineFileIsEagainAndQueuesItsRecall() throws Exception {
        Path file = mount.resolve("nonblocking.bin");
        Path copy = work.resolve("nonblocking.copy");
        assertThat(xattr(file, "tapelib.state")).isEqualTo("offline");

        Commands.Result refused = nonBlockingCopy(file, copy);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Resource temporarily unavailable");
        // the cartridge is in the drive: the recall may already be done
        assertThat(xattr(file, "tapelib.state")).as("the refused open queued the recall").isIn("recalling", "cached");

        pair.awaitCached("nonblocking.bin", RECALLED_WITHIN);
        nonBlockingCopy(file, copy).requireSuccess("O_NONBLOCK open of the cached file");
        assertThat(MountFiles.sha256(copy)).isEqualTo(sha256.get("nonblocking.bin"));
    }

    @Test
    @Order(4)
    void aDirectoryQueuesItsOfflineFilesAndAnyValueButOneIsInvalid() throws Exception {
        Path set = mount.resolve("set");
        long logOffset = pair.gateway.logSize();
        Commands.Result wrong = Commands.run("setfattr", "-n", "user.tapelib.recall", "-v", "2", set.toString());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("Invalid argument");
        assertThat(pair.gateway.logSince(logOffset)).contains("user.tapelib.recall").contains("EINVAL");
        assertThat(xattr(set.resolve("one.bin"), "tapelib.state")).isEqualTo("offline");

        Commands.run("setfattr", "-n", "user.tapelib.recall", "-v", "1", set.toString()).requireSuccess("setfattr");
        pair.awaitCached("set/one.bin", RECALLED_WITHIN);
        pair.awaitCached("set/two.bin", RECALLED_WITHIN);
        assertThat(MountFiles.sha256(set.resolve("one.bin"))).isEqualTo(sha256.get("set/one.bin"));
        assertThat(MountFiles.sha256(set.resolve("two.bin"))).isEqualTo(sha256.get("set/two.bin"));
    }

    private static Commands.Result getfattr(Path file, String name) throws Exception {
        return Commands.run("getfattr", "--only-values", "--absolute-names", "-n", name, file.toString());
    }

    /** GNU dd with {@code iflag=nonblock}: opens its input with O_RDONLY|O_NONBLOCK. */
    private static Commands.Result nonBlockingCopy(Path from, Path to) throws Exception {
        return Commands.run("dd", "if=" + from, "iflag=nonblock", "of=" + to, "bs=1M", "status=none");
    }
}

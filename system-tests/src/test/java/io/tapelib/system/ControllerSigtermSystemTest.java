package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 3: SIGTERM of the controller in the middle of a 1 GiB migration. The process exits within
 * SHUTDOWN_TIMEOUT, and the tape is consistent: the controller's own {@code index} command, run after it exited, reads
 * it without an inconsistency warning and lists the file confirmed before, not the cut-off one, which migrates once
 * the controller is back. The real jars, a real mount.
 */
class ControllerSigtermSystemTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** The controller's logical block size (TAPE_BLOCK_SIZE, its default), bytes. */
    private static final long BLOCK_BYTES = 512 * 1024;

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void sigtermDuringAOneGibMigrationExitsWithinTheBoundAndLeavesTheTapeConsistent() throws Exception {
        pair = new LibraryPair("controller-sigterm", work, Map.of("SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT.toSeconds() + "s"),
                Map.of("WRITE_DELAY", "1s", "RECALL_TIMEOUT", "60s"));
        pair.start();

        Path before = pair.work.resolve("before.bin");
        MountFiles.randomFile(before, 8L << 20);
        Files.copy(before, pair.mount.resolve("before.bin"));
        pair.awaitMigrated("before.bin", Duration.ofSeconds(60));
        String tape = pair.xattr("before.bin", "tapelib.tapes");

        Path big = pair.work.resolve("big.bin");
        MountFiles.randomFile(big, 1L << 30);
        String bigSha = MountFiles.sha256(big);
        Commands.run("cp", big.toString(), pair.mount.resolve("big.bin").toString()).requireSuccess("cp 1 GiB");
        LibraryPair.MigrationProgress progress = pair.awaitMigrationProgress(400, Duration.ofSeconds(60));
        LibraryPair.Job job = progress.job();
        assertThat(job.volumeTag()).isEqualTo(tape);

        long started = System.nanoTime();
        pair.controller.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("ControllerSigtermSystemTest: exited %d ms after SIGTERM; at least %d MB of the 1 GiB file were"
                + " on %s%n", took.toMillis(), progress.objects() * BLOCK_BYTES / 1_000_000, tape);
        assertThat(pair.controller.alive()).isFalse();
        assertThat(took).isLessThan(SHUTDOWN_TIMEOUT);
        assertThat(pair.controllerLog()).contains(tape + ": migration cut off after 0 complete file(s)")
                .contains("unmounted " + tape + " (final index on both partitions)");

        Commands.Result index = pair.controllerCli("index", "--volume-tag", tape);
        assertThat(index.exitCode()).as(index.stderr()).isZero();
        assertThat(index.stdout() + index.stderr()).doesNotContainIgnoringCase("inconsistent");
        assertThat(index.stdout()).contains("\tbefore.bin").doesNotContain("big.bin");

        // the gateway kept the cut-off file dirty and sends it again to the controller once it is back
        assertThat(pair.gateway.alive()).isTrue();
        assertThat(pair.xattr("big.bin", "tapelib.state")).isEqualTo("dirty");
        pair.controller.start();
        pair.awaitMigrated("big.bin", Duration.ofSeconds(120));
        pair.evictCache();
        assertThat(MountFiles.sha256(pair.mount.resolve("big.bin"))).isEqualTo(bigSha);
        assertThat(MountFiles.sha256(pair.mount.resolve("before.bin"))).isEqualTo(MountFiles.sha256(before));
    }
}

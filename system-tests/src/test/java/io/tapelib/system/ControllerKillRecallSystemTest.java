package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 6 for recall, through the real jars and a real mount: the controller is SIGKILLed while it streams an offline
 * file to a reader at the mount. The gateway's RECALL job ends (FAILED) within seconds of its stream's peer vanishing;
 * the reader's read neither fails nor returns short while the controller is away; once the controller is started
 * again the gateway recalls the file anew on its own, and the reader ends with every byte right.
 */
class ControllerKillRecallSystemTest {
    private static final long FILE_BYTES = 512L << 20;
    private static final int MIB = 1 << 20;
    private static final String TAPE = "TL0001L5";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aReaderOfAnOfflineFileGetsEveryByteAcrossAControllerKill() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        String digest = MountFiles.writeGenerated(source.resolve("big.bin"), FILE_BYTES, 7);
        // the patience of readers: long enough for the controller's restart, short enough to fail the test, not hang it
        pair = new LibraryPair("controller-kill-recall", work, Map.of(), Map.of("RECALL_TIMEOUT", "90s"));
        pair.importTree(source, TAPE);
        Files.delete(source.resolve("big.bin"));
        pair.start();
        Path big = pair.mount.resolve("big.bin");
        await("big.bin catalogued offline").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(big) && "offline".equals(pair.xattr("big.bin", "tapelib.state")));

        // the first REST call of this JVM is slow: made now, the polls below see the recall early in its stream
        assertThat(pair.running("RECALL")).isEmpty();
        AtomicLong read = new AtomicLong();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> sha256(big, read));
        await("the reader has the first 8 MiB while the controller's RECALL job runs").atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> read.get() >= 8 * MIB && pair.running("RECALL").isPresent());
        pair.controller.kill();
        long readAtKill = read.get();
        assertThat(readAtKill).as("bytes read when the controller was killed").isLessThan(FILE_BYTES);

        // the stream's peer vanished: the gateway ends that job within seconds, and the reader keeps waiting
        LibraryPair.GatewayJob failed = await("the gateway's RECALL job has failed").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> pair.gatewayJobs("RECALL").stream().filter(j -> "FAILED".equals(j.state())).findFirst()
                        .orElse(null), j -> j != null);
        assertThat(reader).as("the reader while the controller is away").isNotDone();

        pair.controller.start();
        String received = reader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received).as("SHA-256 of what the reader received").isEqualTo(digest);
        assertThat(read.get()).isEqualTo(FILE_BYTES);
        // the reader may have its last bytes a moment before the stream's end reaches the job
        await("the gateway's newest RECALL job succeeded").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "SUCCEEDED".equals(pair.gatewayJobs("RECALL").get(0).state()));
        await("big.bin cached").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> "cached".equals(pair.xattr("big.bin", "tapelib.state")));
        assertThat(MountFiles.sha256(big)).as("SHA-256 of a second read, from the cache").isEqualTo(digest);
        // the bytes the reader had were in the cache: the restarted controller read only what was still missing
        LibraryPair.Job resumed = pair.jobs().stream().filter(j -> "RECALL".equals(j.type())).findFirst().orElseThrow();
        assertThat(resumed.bytes()).as("bytes the restarted controller read from tape")
                .isPositive().isLessThanOrEqualTo(FILE_BYTES - readAtKill);
        System.out.printf("ControllerKillRecallSystemTest: killed after %d of %d bytes; failed job %d: %s; the"
                + " restarted controller read %d bytes%n", readAtKill, FILE_BYTES, failed.id(), failed.error(),
                resumed.bytes());
    }

    /** Reads {@code file} to its end as {@code cat} would, counting bytes into {@code read}; its SHA-256 (hex). */
    private static String sha256(Path file, AtomicLong read) {
        try (FileChannel channel = FileChannel.open(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(MIB);
            for (int n; (n = channel.read(buffer.clear())) >= 0; ) {
                digest.update(buffer.flip());
                read.addAndGet(n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("reading " + file + " after " + read.get() + " bytes", e);
        }
    }
}

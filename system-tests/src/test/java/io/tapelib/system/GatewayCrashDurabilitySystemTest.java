package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 5, through the real jars and a real mount: the mount fsyncs nothing at close
 * (DURABILITY=commit), yet a SIGKILL of the gateway right after 1,000 small files were written and closed, without
 * fsync, loses none of them; nor the bytes of a file still open, whose size the catalog had not taken yet. After the
 * restart they are there with their content, dirty, and they migrate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayCrashDurabilitySystemTest {
    private static final int FILES = 1_000;
    private static final int OPEN_FILE_BYTES = 3 * 1024 * 1024 + 12_345;

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private final Map<String, String> written = new LinkedHashMap<>();
    private String openFileSha256;

    @BeforeAll
    void start() throws Exception {
        // No commit and no migration before the kill: what survives is what write(2) and the WAL already held.
        pair = new LibraryPair("gateway-crash-durability", work, Map.of(),
                Map.of("WRITE_DELAY", "1h", "COMMIT_INTERVAL", "1h"));
        Path source = Files.createDirectories(work.resolve("source"));
        MountFiles.writeGenerated(source.resolve("on-tape.bin"), 4096, 1);
        pair.importTree(source, "TL0001L5");
        pair.start();
    }

    @Test
    @Order(1)
    void filesWrittenAndClosedWithoutFsyncSurviveASigkill() throws Exception {
        Random random = new Random(12);
        for (int i = 0; i < FILES; i++) {
            String relative = "crash/d" + (i / 100) + "/f" + i;
            Path file = pair.mount.resolve(relative);
            Files.createDirectories(file.getParent());
            byte[] content = new byte[1 + random.nextInt(8 * 1024)];
            random.nextBytes(content);
            Files.write(file, content);   // open, write, close: no fsync
            written.put(relative, MountFiles.sha256(content));
        }
        byte[] open = new byte[OPEN_FILE_BYTES];
        random.nextBytes(open);
        openFileSha256 = MountFiles.sha256(open);
        FileChannel channel = FileChannel.open(pair.mount.resolve("crash/still-open"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(open);
            while (bytes.hasRemaining()) {
                channel.write(bytes);   // each write(2) answered by the gateway; no close, no flush
            }
            pair.gateway.kill();
        } finally {
            try {
                channel.close();
            } catch (java.io.IOException expected) {
                // the mount went with the gateway
            }
        }

        pair.gateway.start();

        for (Map.Entry<String, String> file : written.entrySet()) {
            Path path = pair.mount.resolve(file.getKey());
            assertThat(MountFiles.sha256(path)).as(file.getKey()).isEqualTo(file.getValue());
            assertThat(pair.xattr(file.getKey(), "tapelib.state")).as(file.getKey()).isEqualTo("dirty");
        }
        assertThat(Files.size(pair.mount.resolve("crash/still-open"))).isEqualTo(OPEN_FILE_BYTES);
        assertThat(MountFiles.sha256(pair.mount.resolve("crash/still-open"))).isEqualTo(openFileSha256);
        assertThat(pair.xattr("crash/still-open", "tapelib.state")).isEqualTo("dirty");
    }

    @Test
    @Order(2)
    void theyMigrateAfterTheRestartAndReadBackFromTape() throws Exception {
        pair.gateway.stop();
        pair.reconfigureGateway(Map.of("WRITE_DELAY", "1s"));
        pair.gateway.start();

        List<String> all = new java.util.ArrayList<>(written.keySet());
        all.add("crash/still-open");
        await("1,001 files migrated").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> all.stream().allMatch(f -> "cached".equals(pair.xattr(f, "tapelib.state"))));
        pair.evictCache();
        for (String relative : List.of("crash/d0/f0", "crash/d4/f499", "crash/d9/f999")) {
            assertThat(pair.xattr(relative, "tapelib.state")).isEqualTo("offline");
            assertThat(MountFiles.sha256(pair.mount.resolve(relative))).as(relative).isEqualTo(written.get(relative));
        }
        assertThat(MountFiles.sha256(pair.mount.resolve("crash/still-open"))).isEqualTo(openFileSha256);
    }
}

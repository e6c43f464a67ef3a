package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.InMemoryTapeController.SentFile;
import io.tapelib.gateway.namespace.CatalogNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a close leaves the file's size and modify time to the next commit, so the write-back records the mount's
 * writes the catalog does not show yet before it chooses: a file closed since the last commit goes to tape whole, with
 * the modify time of its last write, and one written within the write delay stays.
 */
class WriteBackClosedFilesTest {
    private static final byte[] TEXT = "closed, not committed yet\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TieringFixture gateway;
    private CatalogNamespace namespace;
    private WriteBack writeBack;

    @BeforeEach
    void open() {
        gateway = new TieringFixture(dir, Duration.ofSeconds(5));
        namespace = gateway.namespaceWithNothingOffline();
        gateway.controller.volume("TAPE01L6", 1_000_000);
        writeBack = gateway.writeBack(new PendingClaims());
    }

    @AfterEach
    void close() {
        writeBack.stop();
        gateway.close();
    }

    @Test
    void aFileClosedSinceTheLastCommitGoesWholeWithTheTimeOfItsLastWrite() {
        gateway.writeFile("/closed.txt", TEXT);
        Instant written = namespace.getattr("/closed.txt").mtime();
        assertThat(gateway.inode("/closed.txt").size()).as("the close recorded nothing").isZero();
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));
        gateway.writeFile("/fresh.txt", TEXT);

        assertThat(writeBack.migrateDueFiles()).isEqualTo(1);

        List<SentFile> batch = gateway.controller.migrations.get(0);
        assertThat(batch).extracting(file -> file.source().path()).containsExactly("closed.txt");
        assertThat(batch.get(0).content()).isEqualTo(TEXT);
        assertThat(batch.get(0).source().length()).isEqualTo(TEXT.length);
        assertThat(batch.get(0).source().times().modify()).isEqualTo(written);
        Inode migrated = gateway.inode("/closed.txt");
        assertThat(migrated.isDirty()).isFalse();
        assertThat(migrated.size()).isEqualTo(TEXT.length);
        Inode fresh = gateway.inode("/fresh.txt");
        assertThat(fresh.isDirty()).as("written within the write delay").isTrue();
        assertThat(fresh.size()).as("recorded by the round all the same").isEqualTo(TEXT.length);
    }
}

package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.controller.InMemoryTapeController.SentFile;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.posix.FileKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-back of special files and of a hard-linked file with user xattrs (issue 11). */
class WriteBackEntriesTest {
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
    void specialFilesAndALinkedFileMigrateWithTheirKindsNamesAndAttributes() {
        namespace.mknod("/pipe", FileKind.FIFO, 0600, 0, 0, 0);
        namespace.mknod("/tty", FileKind.CHARACTER_DEVICE, 0620, 0x440, 0, 5);
        long handle = namespace.create("/a", 0644, 0, 0);
        byte[] content = "linked".getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(content), 0, content.length);
        namespace.release(handle);
        namespace.link("/a", "/b");
        namespace.setxattr("/a", "user.note", new byte[] {0, (byte) 0xff}, false, false);
        gateway.clock.advance(TieringFixture.WRITE_DELAY.plusSeconds(1));

        assertThat(writeBack.migrateDueFiles()).isEqualTo(3);

        Map<String, MigrationSource> sent = gateway.controller.migrations.get(0).stream().map(SentFile::source)
                .collect(Collectors.toMap(MigrationSource::path, Function.identity()));
        assertThat(sent.get("pipe").kind()).isEqualTo(FileKind.FIFO);
        assertThat(sent.get("pipe").data()).isNull();
        assertThat(sent.get("tty").deviceNumber()).isEqualTo(0x440);
        assertThat(sent.get("a").links()).containsExactly("b");
        assertThat(sent.get("a").xattrs()).singleElement().satisfies(x -> {
            assertThat(x.key()).isEqualTo("note");
            assertThat(x.value()).containsExactly(0, 0xff);
        });
        for (String path : List.of("/pipe", "/tty", "/a", "/b")) {
            assertThat(gateway.inode(path).isDirty()).as(path).isFalse();
        }
        assertThat(namespace.getxattr("/b", "user.tapelib.state")).asString().isEqualTo("cached");
    }
}

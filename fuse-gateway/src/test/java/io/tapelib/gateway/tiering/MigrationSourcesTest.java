package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.posix.FileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a migration sends of a dirty inode: user xattrs without "user.", device number, further names. */
class MigrationSourcesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    @Test
    void aLinkedFileTakesItsUserAttributesAndItsOtherNames() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW);
            Inode file = catalog.createFile(docs.id(), "a", 0644, 0, 0, NOW);
            catalog.link(file.id(), Catalog.ROOT_ID, "b", NOW);
            catalog.link(file.id(), docs.id(), "c", NOW);
            byte[] binary = {0, (byte) 0xff};
            catalog.xattrChanges().set(file.id(), "user.blob", binary, false, false, NOW);
            catalog.xattrChanges().set(file.id(), "user.text", "t".getBytes(StandardCharsets.UTF_8), false, false, NOW);
            Inode now = catalog.get(file.id()).orElseThrow();

            MigrationSource source = MigrationSources.of(catalog, now, "/docs/a", Path.of("/cache/o"));

            assertThat(source.path()).isEqualTo("docs/a");
            assertThat(source.links()).containsExactly("b", "docs/c");
            assertThat(source.xattrs()).extracting(TapeIndexEntry.Xattr::key).containsExactly("blob", "text");
            assertThat(source.xattrs().get(0).value()).isEqualTo(binary);
            assertThat(source.data()).isEqualTo(Path.of("/cache/o"));
        }
    }

    @Test
    void aDeviceNodeHasNoContentAndItsDeviceNumber() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode tty = catalog.mknod(Catalog.ROOT_ID, "tty", FileKind.CHARACTER_DEVICE, 0620, 0x440, 0, 5, NOW);

            MigrationSource source = MigrationSources.of(catalog, tty, "/tty", Path.of("/cache/x"));

            assertThat(source.kind()).isEqualTo(FileKind.CHARACTER_DEVICE);
            assertThat(source.deviceNumber()).isEqualTo(0x440);
            assertThat(source.length()).isZero();
            assertThat(source.data()).isNull();
            assertThat(source.links()).isEmpty();
        }
    }
}

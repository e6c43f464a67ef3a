package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.posix.FileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new files of a directory an import creates are inserted many at a time ({@link NewFileRows}): what the catalog
 * then holds is what one insert per file gave, ids included.
 */
class NewFileRowsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");
    /** Two full statements and part of a third. */
    private static final int FILES = 2 * NewFileRows.ROWS + 44;

    @TempDir
    Path dir;

    @Test
    void filesOfACreatedDirectoryGetTheirCopiesExtentsAttributesAndIdsInIndexOrder() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            List<TapeEntry> index = new ArrayList<>();
            index.add(directory("many", NOW));
            for (int i = 0; i < FILES; i++) {
                index.add(file("many/f" + i, i, NOW));
            }
            index.add(new TapeEntry("many/hashed", FileKind.FILE, 5, 0600, 7, 8, NOW, NOW, NOW, NOW, null,
                    List.of(new ExtentRecord(1, 42, 0, 5, 0)), List.of(
                            new ExtendedAttribute("user.ltfs.hash.sha256sum", "ab".repeat(32).getBytes(StandardCharsets.US_ASCII)),
                            new ExtendedAttribute("user.colour", "blue".getBytes(StandardCharsets.UTF_8)))));
            index.add(new TapeEntry("many/link", FileKind.SYMLINK, 0, 0777, 0, 0, NOW, NOW, NOW, NOW, "f1",
                    List.of(), List.of()));

            ImportSummary summary = catalog.importVolume(volume(), index.iterator());

            assertThat(summary.added()).isEqualTo(1 + FILES + 2);
            assertThat(summary.conflicts()).isZero();
            long previous = catalog.resolve("/many").orElseThrow().id();
            for (int i = 0; i < FILES; i++) {
                Inode inode = catalog.resolve("/many/f" + i).orElseThrow();
                assertThat(inode.id()).as("ids in index order, as AUTOINCREMENT gives them").isEqualTo(previous + 1);
                assertThat(inode.size()).isEqualTo(i);
                assertThat(inode.mode()).isEqualTo(0644);
                assertThat(inode.mtime()).isEqualTo(NOW);
                assertThat(inode.isDirty()).isFalse();
                assertThat(catalog.copies().currentVolumes(inode.id())).containsExactly("A00001L5");
                assertThat(catalog.copies().currentExtents(inode.id())).isEqualTo(file("many/f" + i, i, NOW).extents());
                previous = inode.id();
            }
            Inode hashed = catalog.resolve("/many/hashed").orElseThrow();
            assertThat(catalog.copies().sha256(hashed.id())).contains("ab".repeat(32));
            assertThat(catalog.xattrs(hashed.id())).extracting(ExtendedAttribute::name).containsExactly("user.colour");
            assertThat(catalog.copies().currentExtents(hashed.id())).containsExactly(new ExtentRecord(1, 42, 0, 5, 0));
            Inode link = catalog.resolve("/many/link").orElseThrow();
            assertThat(link.symlinkTarget()).isEqualTo("f1");
            assertThat(link.size()).isEqualTo(2);

            // AUTOINCREMENT: an id the import gave is never given again, even once its file is gone
            long last = link.id();
            catalog.unlink(hashed.parent(), "link", NOW);
            assertThat(catalog.createFile(Catalog.ROOT_ID, "new", 0644, 0, 0, NOW).id()).isGreaterThan(last);
        }
    }

    private static VolumeRecord volume() {
        return new VolumeRecord("A00001L5", "uuid-A00001L5", VolumeState.LTFS, 3, 1_425_000_000_000L,
                1_000_000_000_000L, 524_288, NOW);
    }
}

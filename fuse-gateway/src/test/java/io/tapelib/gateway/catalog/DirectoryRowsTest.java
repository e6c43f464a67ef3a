package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static io.tapelib.gateway.catalog.CatalogTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.NamespaceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Catalog#get} and {@link Catalog#subdirectoryCount} of a directory with its row kept ({@link DirectoryRows}):
 * after every change of it, from the mount or a cartridge's index, they give what a query gives ({@link
 * Catalog#resolve} and {@link Catalog#children} read the tables on a reader connection).
 */
class DirectoryRowsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @TempDir
    Path dir;

    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    /** The row and count kept (read once first, so they are kept) against the tables' own. */
    private void assertAsQueried(String path) {
        Inode queried = catalog.resolve(path).orElseThrow();
        assertThat(catalog.get(queried.id())).as(path).contains(queried);
        long subdirectories = catalog.children(queried.id()).stream().filter(Inode::isDirectory).count();
        assertThat(catalog.subdirectoryCount(queried.id())).as(path + " subdirectories").isEqualTo(subdirectories);
    }

    /** Reads the row and count through the kept path, so that the next changes apply to kept state. */
    private long keep(String path) {
        long id = catalog.resolve(path).orElseThrow().id();
        catalog.get(id);
        catalog.subdirectoryCount(id);
        return id;
    }

    @Test
    void everyChangeOfAKeptDirectoryShowsInItsNextRowAndCount() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        keep("/docs");
        keep("/");

        catalog.createFile(docs, "a", 0644, 0, 0, NOW.plusSeconds(1));
        assertAsQueried("/docs");
        long sub = catalog.mkdir(docs, "sub", 0700, 0, 0, NOW.plusSeconds(2)).id();
        assertAsQueried("/docs");
        keep("/docs/sub");
        catalog.setMode(docs, 0711, NOW.plusSeconds(3));
        assertAsQueried("/docs");
        catalog.setOwner(docs, 12, 34, NOW.plusSeconds(4));
        assertAsQueried("/docs");
        catalog.setTimes(docs, NOW.minusSeconds(60), NOW.minusSeconds(30), NOW.plusSeconds(5));
        assertAsQueried("/docs");
        catalog.rename(docs, "sub", Catalog.ROOT_ID, "moved", NOW.plusSeconds(6));
        assertAsQueried("/docs");
        assertAsQueried("/moved");
        assertAsQueried("/");
        catalog.unlink(docs, "a", NOW.plusSeconds(7));
        assertAsQueried("/docs");
        catalog.rmdir(Catalog.ROOT_ID, "moved", NOW.plusSeconds(8));
        assertThat(catalog.get(sub)).as("a removed directory is not kept").isEmpty();
        assertAsQueried("/");
    }

    @Test
    void aChangeThatFailsLeavesTheRowAsItWas() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        catalog.mkdir(docs, "sub", 0755, 0, 0, NOW);
        catalog.createFile(docs, "inside", 0644, 0, 0, NOW);
        keep("/docs");

        assertThatThrownBy(() -> catalog.createFile(docs, "inside", 0644, 0, 0, NOW.plusSeconds(9)))
                .isInstanceOf(NamespaceException.class);
        assertThatThrownBy(() -> catalog.mkdir(docs, "sub", 0755, 0, 0, NOW.plusSeconds(9)))
                .isInstanceOf(NamespaceException.class);
        assertAsQueried("/docs");
    }

    @Test
    void aCartridgeCataloguedWhileMountedShowsInTheNextRowAndCountOfAKeptDirectory() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        keep("/docs");
        keep("/");

        catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW.minusSeconds(600)),
                file("docs/from-tape.txt", 10, NOW), directory("docs/deep", NOW), directory("tapes-only", NOW))
                .iterator());

        assertAsQueried("/docs");
        assertAsQueried("/");
        assertThat(catalog.get(docs).orElseThrow().isDirectory()).isTrue();
    }
}

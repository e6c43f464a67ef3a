package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Catalog#readdir}: the light listing, kept per directory, and every way a directory's entries change showing
 * in the very next listing of a kept one: the mount's own changes, a cartridge's index imported, a re-import that
 * drops entries, a change that rolls back, and changes committing while listings are read.
 */
class DirectoryListingsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @TempDir
    Path dir;

    private Catalog catalog;
    private long docs;

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private static VolumeRecord volume(String tag) {
        return new VolumeRecord(tag, "uuid-" + tag, VolumeState.LTFS, 3, 1_425_000_000_000L, 1_000_000_000_000L,
                524_288, NOW);
    }

    /** The listing as "name=id/KIND" strings, in its order. */
    private List<String> entries(long directory) {
        DirectoryListing listing = catalog.readdir(directory);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            entries.add(listing.name(i) + "=" + listing.inode(i) + "/" + listing.kind(i));
        }
        return entries;
    }

    private List<String> names(long directory) {
        return entries(directory).stream().map(entry -> entry.substring(0, entry.indexOf('='))).toList();
    }

    @Test
    void aListingHasEveryNameWithItsInodeAndKindOrderedByNameHardLinksIncluded() {
        Inode b = catalog.createFile(docs, "b.txt", 0644, 0, 0, NOW);
        Inode sub = catalog.mkdir(docs, "sub", 0700, 0, 0, NOW);
        Inode link = catalog.symlink(docs, "a-link", "b.txt", 0, 0, NOW);
        Inode fifo = catalog.mknod(docs, "fifo", FileKind.FIFO, 0600, 0, 0, 0, NOW);
        Inode elsewhere = catalog.createFile(sub.id(), "café.txt", 0644, 0, 0, NOW);
        catalog.link(elsewhere.id(), docs, "c-hard", NOW);

        assertThat(entries(docs)).containsExactly("a-link=" + link.id() + "/SYMLINK", "b.txt=" + b.id() + "/FILE",
                "c-hard=" + elsewhere.id() + "/FILE", "fifo=" + fifo.id() + "/FIFO", "sub=" + sub.id() + "/DIRECTORY");
        assertThat(entries(sub.id())).containsExactly("café.txt=" + elsewhere.id() + "/FILE");
        assertThat(names(Catalog.ROOT_ID)).containsExactly("docs");
        assertThat(catalog.readdir(b.id()).size()).as("a file lists nothing").isZero();
        assertThat(catalog.readdir(999_999).size()).as("a missing directory lists nothing").isZero();
    }

    @Test
    void aKeptListingIsAnsweredAgainUntilItsDirectoryChangesAndChangesElsewhereDoNotDropIt() {
        Inode a = catalog.createFile(docs, "a", 0644, 0, 0, NOW);
        long other = catalog.mkdir(Catalog.ROOT_ID, "other", 0755, 0, 0, NOW).id();
        DirectoryListing first = catalog.readdir(docs);

        catalog.setMode(a.id(), 0600, NOW);
        catalog.recordWrite(a.id(), 4096, NOW);
        catalog.createFile(other, "x", 0644, 0, 0, NOW);

        assertThat(catalog.readdir(docs)).as("kept: no entry of docs changed").isSameAs(first);
        catalog.createFile(docs, "b", 0644, 0, 0, NOW);
        assertThat(catalog.readdir(docs)).isNotSameAs(first);
        assertThat(names(docs)).containsExactly("a", "b");
    }

    @Test
    void everyChangeOfTheMountShowsInTheNextListingOfAKeptDirectory() {
        long sub = catalog.mkdir(docs, "sub", 0755, 0, 0, NOW).id();
        Inode a = catalog.createFile(docs, "a", 0644, 0, 0, NOW);
        names(docs);
        names(sub);

        catalog.symlink(docs, "s", "a", 0, 0, NOW);
        assertThat(names(docs)).containsExactly("a", "s", "sub");
        catalog.mknod(docs, "p", FileKind.FIFO, 0600, 0, 0, 0, NOW);
        assertThat(names(docs)).containsExactly("a", "p", "s", "sub");
        catalog.link(a.id(), sub, "a-again", NOW);
        assertThat(names(sub)).containsExactly("a-again");
        catalog.rename(docs, "p", docs, "q", NOW);
        assertThat(names(docs)).containsExactly("a", "q", "s", "sub");
        catalog.rename(docs, "q", sub, "q", NOW);
        assertThat(names(docs)).containsExactly("a", "s", "sub");
        assertThat(names(sub)).containsExactly("a-again", "q");
        catalog.rename(sub, "a-again", docs, "b", NOW);
        assertThat(names(sub)).containsExactly("q");
        assertThat(entries(docs)).contains("b=" + a.id() + "/FILE");
        Inode replacing = catalog.createFile(sub, "r", 0644, 0, 0, NOW);
        assertThat(names(sub)).containsExactly("q", "r");
        catalog.rename(sub, "r", docs, "s", NOW);
        assertThat(entries(docs)).as("rename over an existing name").contains("s=" + replacing.id() + "/FILE");
        assertThat(names(sub)).containsExactly("q");
        catalog.unlink(docs, "a", NOW);
        assertThat(entries(docs)).as("the further name of a hard-linked file stays, now its own")
                .containsExactly("b=" + a.id() + "/FILE", "s=" + replacing.id() + "/FILE", "sub=" + sub + "/DIRECTORY");
        catalog.unlink(sub, "q", NOW);
        assertThat(names(sub)).isEmpty();
        catalog.rmdir(docs, "sub", NOW);
        assertThat(names(docs)).containsExactly("b", "s");
        assertThat(catalog.readdir(sub).size()).as("a removed directory's listing is not kept").isZero();
    }

    @Test
    void aChangeThatFailsLeavesTheListingAsItWas() {
        catalog.createFile(docs, "a", 0644, 0, 0, NOW);
        assertThat(names(docs)).containsExactly("a");

        assertThatThrownBy(() -> catalog.createFile(docs, "a", 0644, 0, 0, NOW)).isInstanceOf(NamespaceException.class);
        assertThatThrownBy(() -> catalog.rmdir(Catalog.ROOT_ID, "docs", NOW)).isInstanceOf(NamespaceException.class);

        assertThat(names(docs)).containsExactly("a");
        assertThat(names(Catalog.ROOT_ID)).containsExactly("docs");
    }

    @Test
    void aCartridgeCataloguedWhileMountedShowsInTheNextListingOfAKeptDirectory() {
        catalog.createFile(docs, "local.txt", 0644, 0, 0, NOW);
        assertThat(names(docs)).containsExactly("local.txt");
        assertThat(names(Catalog.ROOT_ID)).containsExactly("docs");

        catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW), file("docs/from-tape.txt", 10, NOW),
                directory("docs/deep", NOW), file("docs/deep/x", 1, NOW), directory("tapes-only", NOW)).iterator());

        assertThat(names(docs)).containsExactly("deep", "from-tape.txt", "local.txt");
        assertThat(names(Catalog.ROOT_ID)).containsExactly("docs", "tapes-only");
        long deep = catalog.resolve("/docs/deep").orElseThrow().id();
        assertThat(names(deep)).containsExactly("x");

        // the cartridge's index again, without the deep directory: its entries that no other copy holds go
        catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW),
                file("docs/from-tape.txt", 10, NOW)).iterator());

        assertThat(names(docs)).containsExactly("from-tape.txt", "local.txt");
        assertThat(names(Catalog.ROOT_ID)).containsExactly("docs");
    }

    @Test
    void changesCommittingWhileListingsAreReadAreSeenByTheNextListingAfterEach() throws Exception {
        int writers = 3;
        int perWriter = 60;
        // a directory large enough that a listing's query takes a while: commits land while it runs
        List<TapeEntry> bulk = new ArrayList<>(List.of(directory("docs", NOW)));
        for (int i = 0; i < 2_000; i++) {
            bulk.add(file("docs/bulk-" + i, 1, NOW));
        }
        catalog.importVolume(volume("A00001L5"), bulk.iterator());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            // a reader keeps listing (and keeping) docs while the writers change it
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    catalog.readdir(docs);
                }
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String name = "w" + writer + "-" + i;
                        catalog.createFile(docs, name, 0644, 0, 0, NOW);
                        assertThat(catalog.readdir(docs).indexOf(name)).as(name + " listed right after its create")
                                .isNotNegative();
                        if (i % 3 == 0) {
                            catalog.unlink(docs, name, NOW);
                            assertThat(catalog.readdir(docs).indexOf(name)).as(name + " gone right after its unlink")
                                    .isNegative();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(10, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(catalog.readdir(docs).size()).isEqualTo(2_000 + writers * (perWriter - (perWriter + 2) / 3));
    }
}

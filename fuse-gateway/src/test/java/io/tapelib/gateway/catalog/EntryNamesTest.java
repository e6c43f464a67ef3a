package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static io.tapelib.gateway.catalog.CatalogTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * {@link Catalog#lookup} with the names of directories kept ({@link EntryNames}): a directory made at the mount is
 * kept from its making, one that existed after a lookup in it found nothing; every way a name enters or leaves a
 * kept directory shows in the very next lookup, from the mount, a cartridge's index, a change that fails, and
 * creates and removals on other threads.
 */
class EntryNamesTest {
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

    /** Asserts that exactly {@code names} (name to inode id) are found in the directory among {@code asked}. */
    private void assertLookups(long directory, Map<String, Long> names, List<String> asked) {
        for (String name : asked) {
            Long expected = names.get(name);
            if (expected == null) {
                assertThat(catalog.lookup(directory, name)).as(name + " absent").isEmpty();
            } else {
                assertThat(catalog.lookup(directory, name).map(Inode::id)).as(name + " found").contains(expected);
            }
        }
    }

    @Test
    void everyChangeOfTheMountShowsInTheNextLookupInAKeptDirectory() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        long sub = catalog.mkdir(docs, "sub", 0755, 0, 0, NOW).id();
        List<String> asked = List.of("a", "b", "s", "p", "q", "r", "a-again", "sub", "x");
        Map<String, Long> inDocs = new TreeMap<>(Map.of("sub", sub));
        Map<String, Long> inSub = new TreeMap<>();
        assertLookups(docs, inDocs, asked);
        assertLookups(sub, inSub, asked);

        Inode a = catalog.createFile(docs, "a", 0644, 0, 0, NOW);
        inDocs.put("a", a.id());
        assertLookups(docs, inDocs, asked);
        inDocs.put("s", catalog.symlink(docs, "s", "a", 0, 0, NOW).id());
        long p = catalog.mknod(docs, "p", FileKind.FIFO, 0600, 0, 0, 0, NOW).id();
        inDocs.put("p", p);
        assertLookups(docs, inDocs, asked);
        catalog.link(a.id(), sub, "a-again", NOW);
        inSub.put("a-again", a.id());
        assertLookups(sub, inSub, asked);
        catalog.rename(docs, "p", docs, "q", NOW);
        inDocs.remove("p");
        inDocs.put("q", p);
        assertLookups(docs, inDocs, asked);
        catalog.rename(docs, "q", sub, "q", NOW);
        inDocs.remove("q");
        inSub.put("q", p);
        assertLookups(docs, inDocs, asked);
        assertLookups(sub, inSub, asked);
        catalog.rename(sub, "a-again", docs, "b", NOW);
        inSub.remove("a-again");
        inDocs.put("b", a.id());
        assertLookups(docs, inDocs, asked);
        assertLookups(sub, inSub, asked);
        Inode replacing = catalog.createFile(sub, "r", 0644, 0, 0, NOW);
        catalog.rename(sub, "r", docs, "s", NOW);
        inDocs.put("s", replacing.id());
        assertLookups(docs, inDocs, asked);
        assertLookups(sub, inSub, asked);
        catalog.unlink(docs, "a", NOW);
        inDocs.remove("a");
        assertLookups(docs, inDocs, asked);
        catalog.unlink(sub, "q", NOW);
        inSub.remove("q");
        assertLookups(sub, inSub, asked);
        catalog.rmdir(docs, "sub", NOW);
        inDocs.remove("sub");
        assertLookups(docs, inDocs, asked);
    }

    @Test
    void aDirectoryThatExistedIsKeptAfterALookupFoundNothingAndFollowsItsChanges() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        catalog.importVolume(volume("A00001L5"), List.of(directory("old", NOW), file("old/one", 1, NOW),
                file("old/two", 2, NOW)).iterator());
        long old = catalog.resolve("/old").orElseThrow().id();
        long one = catalog.resolve("/old/one").orElseThrow().id();
        long two = catalog.resolve("/old/two").orElseThrow().id();
        List<String> asked = List.of("one", "two", "three");

        assertLookups(old, Map.of("one", one, "two", two), asked);
        long three = catalog.createFile(old, "three", 0644, 0, 0, NOW).id();
        assertLookups(old, Map.of("one", one, "two", two, "three", three), asked);
        catalog.rename(old, "one", docs, "one", NOW);
        assertLookups(old, Map.of("two", two, "three", three), asked);
        assertLookups(docs, Map.of("one", one), asked);
    }

    @Test
    void aChangeThatFailsLeavesTheNamesAsTheyWere() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        long a = catalog.createFile(docs, "a", 0644, 0, 0, NOW).id();
        long sub = catalog.mkdir(docs, "sub", 0755, 0, 0, NOW).id();
        catalog.createFile(sub, "inside", 0644, 0, 0, NOW);

        assertThatThrownBy(() -> catalog.createFile(docs, "a", 0644, 0, 0, NOW)).isInstanceOf(NamespaceException.class);
        assertThatThrownBy(() -> catalog.rmdir(docs, "sub", NOW)).isInstanceOf(NamespaceException.class);
        assertThatThrownBy(() -> catalog.rename(docs, "a", docs, "sub", NOW)).isInstanceOf(NamespaceException.class);

        assertLookups(docs, Map.of("a", a, "sub", sub), List.of("a", "sub", "b"));
    }

    @Test
    void aCartridgeCataloguedWhileMountedShowsInTheNextLookupInAKeptDirectory() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        long local = catalog.createFile(docs, "local.txt", 0644, 0, 0, NOW).id();
        List<String> asked = List.of("local.txt", "from-tape.txt", "deep");
        assertLookups(docs, Map.of("local.txt", local), asked);

        catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW), file("docs/from-tape.txt", 10, NOW),
                directory("docs/deep", NOW), file("docs/deep/x", 1, NOW)).iterator());

        long fromTape = catalog.resolve("/docs/from-tape.txt").orElseThrow().id();
        long deep = catalog.resolve("/docs/deep").orElseThrow().id();
        assertLookups(docs, Map.of("local.txt", local, "from-tape.txt", fromTape, "deep", deep), asked);
        assertThat(catalog.lookup(deep, "x")).as("a directory the import made holds its entries").isPresent();

        // the cartridge's index again, without the deep directory: its entries that no other copy holds go
        catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW),
                file("docs/from-tape.txt", 10, NOW)).iterator());
        assertLookups(docs, Map.of("local.txt", local, "from-tape.txt", fromTape), asked);
    }

    @Test
    void anImportOfMoreNamesThanAreHeldForgetsWhatWasKeptAndLookupsStayRight() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        assertThat(catalog.lookup(docs, "bulk-7")).isEmpty();
        List<TapeEntry> bulk = new ArrayList<>(List.of(directory("docs", NOW)));
        for (int i = 0; i < EntryChanges.HELD_LIMIT + 10; i++) {
            bulk.add(file("docs/bulk-" + i, 1, NOW));
        }
        catalog.importVolume(volume("A00001L5"), bulk.iterator());

        assertThat(catalog.lookup(docs, "bulk-7")).isPresent();
        assertThat(catalog.lookup(docs, "bulk-" + (EntryChanges.HELD_LIMIT + 9))).isPresent();
        assertThat(catalog.lookup(docs, "bulk-none")).isEmpty();
    }

    @Test
    void aDirectoryGrownPastTheLimitIsStillLookedUpRight() {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        List<TapeEntry> bulk = new ArrayList<>(List.of(directory("docs", NOW)));
        for (int i = 0; i < EntryNames.READ_LIMIT + 5; i++) {
            bulk.add(file("docs/bulk-" + i, 1, NOW));
        }
        catalog.importVolume(volume("A00001L5"), bulk.iterator());
        assertThat(catalog.lookup(docs, "none")).as("too many to read and keep").isEmpty();

        long made = catalog.createFile(docs, "made", 0644, 0, 0, NOW).id();
        assertThat(catalog.lookup(docs, "made").map(Inode::id)).contains(made);
        assertThat(catalog.lookup(docs, "bulk-3")).isPresent();
    }

    @Test
    void namesCreatedAndRemovedOnOtherThreadsAreSeenByTheNextLookupAfterEach() throws Exception {
        long docs = catalog.mkdir(Catalog.ROOT_ID, "docs", 0755, 0, 0, NOW).id();
        int writers = 3;
        int perWriter = 80;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            // a reader keeps looking names up (absent ones keep the directory's names) while the writers change it
            Future<?> reader = pool.submit(() -> {
                int i = 0;
                while (writing.get()) {
                    catalog.lookup(docs, "w0-" + (i++ % perWriter));
                }
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String name = "w" + writer + "-" + i;
                        long id = catalog.createFile(docs, name, 0644, 0, 0, NOW).id();
                        assertThat(catalog.lookup(docs, name).map(Inode::id)).as(name + " right after its create")
                                .contains(id);
                        if (i % 3 == 0) {
                            catalog.unlink(docs, name, NOW);
                            assertThat(catalog.lookup(docs, name)).as(name + " gone right after its unlink").isEmpty();
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
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                assertThat(catalog.lookup(docs, "w" + w + "-" + i).isPresent()).as("w" + w + "-" + i)
                        .isEqualTo(i % 3 != 0);
            }
        }
    }
}

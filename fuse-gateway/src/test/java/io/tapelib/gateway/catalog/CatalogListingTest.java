package io.tapelib.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.posix.NamespaceException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's catalog listing (issue 14): depth-first byte order, resuming after a path, filters, speed. */
class CatalogListingTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void walksDepthFirstInByteOrderWithEachDirectoryBeforeItsEntries() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode a = catalog.mkdir(Catalog.ROOT_ID, "a", 0755, 0, 0, NOW);
            catalog.createFile(a.id(), "b", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "a-c", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "B", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "\u00e9", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "\uffef", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "\ud83d\ude00", 0644, 0, 0, NOW);
            Inode file = catalog.createFile(a.id(), "z", 0644, 0, 0, NOW);
            catalog.link(file.id(), Catalog.ROOT_ID, "link", NOW);

            List<String> all = walk(catalog, List.of(), true, 2, entry -> true);

            // "/a/b" before "/a-c": a directory's entries come before its next sibling, whatever '/' sorts as;
            // U+FFEF (EF BF AF) before U+1F600 (F0 9F 98 80) in UTF-8 bytes, though not in UTF-16.
            assertThat(all).containsExactly("/B", "/a", "/a/b", "/a/z", "/a-c", "/link", "/\u00e9", "/\uffef",
                    "/\ud83d\ude00");
            assertThat(walk(catalog, List.of(), false, 3, entry -> true))
                    .containsExactly("/B", "/a", "/a-c", "/link", "/\u00e9", "/\uffef", "/\ud83d\ude00");
            assertThat(walk(catalog, List.of("a"), true, 1, entry -> true)).containsExactly("/a/b", "/a/z");
            assertThat(walk(catalog, List.of("a", "z"), true, 5, entry -> true)).containsExactly("/a/z");
            assertThat(catalog.listing().list(List.of("nothing"), true, List.of(), 5, 5, e -> true)).isEmpty();
            ListedEntry link = catalog.listing().list(List.of(), false, List.of("a-c"), 1, 1, e -> true)
                    .orElseThrow().entries().get(0);
            assertThat(link.path()).isEqualTo("/link");
            assertThat(link.inode().id()).isEqualTo(file.id());
        }
    }

    @Test
    void resumesAfterAPathThatWasDeletedOrRenamedMeanwhile() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode d = catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW);
            Inode e = catalog.mkdir(d.id(), "e", 0755, 0, 0, NOW);
            catalog.createFile(e.id(), "1", 0644, 0, 0, NOW);
            catalog.createFile(e.id(), "3", 0644, 0, 0, NOW);
            catalog.createFile(d.id(), "f", 0644, 0, 0, NOW);
            catalog.createFile(Catalog.ROOT_ID, "g", 0644, 0, 0, NOW);
            // the page ended at /d/e/2, since deleted; then /d/e itself goes (renamed away)
            assertThat(page(catalog, List.of("d", "e", "2"), 10)).containsExactly("/d/e/3", "/d/f", "/g");
            catalog.rename(d.id(), "e", Catalog.ROOT_ID, "a", NOW);
            assertThat(page(catalog, List.of("d", "e", "1"), 10)).containsExactly("/d/f", "/g");
            assertThat(page(catalog, List.of("d", "e"), 10)).containsExactly("/d/f", "/g");
            assertThat(page(catalog, List.of("c"), 10)).containsExactly("/d", "/d/f", "/g");
        }
    }

    @Test
    void filtersSkipEntriesAndAFullScanEndsAPageEarly() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            Inode d = catalog.mkdir(Catalog.ROOT_ID, "d", 0755, 0, 0, NOW);
            for (int i = 0; i < 50; i++) {
                catalog.createFile(d.id(), String.format("f%02d", i), 0644, 0, 0, NOW);
            }
            catalog.createFile(Catalog.ROOT_ID, "wanted", 0644, 0, 0, NOW);
            ListingPage first = catalog.listing().list(List.of(), true, List.of(), 10, 20,
                    entry -> entry.path().endsWith("wanted")).orElseThrow();
            assertThat(first.entries()).isEmpty();
            assertThat(first.lastPath()).isEqualTo("/d/f18");
            assertThat(walk(catalog, List.of(), true, 10, entry -> entry.path().endsWith("wanted")))
                    .containsExactly("/wanted");
        }
    }

    /**
     * Acceptance 1 of issue 14: 100,000 entries walked in pages of 1,000 while two threads create and delete entries:
     * no path is seen twice (the walk's paths strictly increase), and every entry that existed unchanged for the whole
     * walk is seen.
     */
    @Test
    void aWalkOfAHundredThousandEntriesUnderChangeSeesNoneTwiceAndMissesNoneUnchanged() throws Exception {
        Path db = dir.resolve("catalog.db");
        bulkTree(db, 100, 1_000, false);
        try (Catalog catalog = Catalog.open(db)) {
            Set<String> unchanged = ConcurrentHashMap.newKeySet();
            for (int d = 0; d < 100; d++) {
                unchanged.add(String.format("/d%03d", d));
                for (int f = 0; f < 1_000; f++) {
                    unchanged.add(String.format("/d%03d/f%04d", d, f));
                }
            }
            AtomicBoolean walking = new AtomicBoolean(true);
            AtomicInteger changes = new AtomicInteger();
            List<Thread> changers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int seed = t;
                Thread changer = new Thread(() -> change(catalog, unchanged, walking, changes, seed));
                changer.start();
                changers.add(changer);
            }
            List<String> seen = new ArrayList<>();
            long started = System.nanoTime();
            List<String> cursor = List.of();
            int pages = 0;
            try {
                while (true) {
                    ListingPage page = catalog.listing().list(List.of(), true, cursor, 1_000, 1_000, e -> true)
                            .orElseThrow();
                    page.entries().forEach(entry -> seen.add(entry.path()));
                    pages++;
                    if (page.lastPath() == null) {
                        break;
                    }
                    cursor = Arrays.asList(page.lastPath().substring(1).split("/"));
                }
            } finally {
                walking.set(false);
                for (Thread changer : changers) {
                    changer.join();
                }
            }
            System.out.printf("CatalogListingTest: walked %d entries in %d pages in %d ms beside %d creates and"
                    + " deletes%n", seen.size(), pages, (System.nanoTime() - started) / 1_000_000, changes.get());
            assertThat(changes.get()).as("changes made during the walk").isGreaterThan(100);
            Set<String> distinct = new HashSet<>(seen);
            assertThat(distinct).as("no path twice").hasSize(seen.size());
            List<String> outOfOrder = new ArrayList<>();
            for (int i = 1; i < seen.size(); i++) {
                if (compare(seen.get(i - 1), seen.get(i)) >= 0) {
                    outOfOrder.add(seen.get(i - 1) + " before " + seen.get(i));
                }
            }
            assertThat(outOfOrder).as("paths not in walk order").isEmpty();
            Set<String> missed = new HashSet<>(unchanged);
            missed.removeAll(distinct);
            assertThat(missed).as("entries unchanged for the whole walk that it missed").isEmpty();
        }
    }

    /**
     * The 100 ms goal of issue 14: a page of 1,000 from a million-entry catalog (1,000 directories of 1,000 files, each
     * with a copy on a cartridge), at the start, the middle and the end of the walk. Printed, not asserted: a loaded
     * CI machine must not fail it.
     */
    @Test
    void aPageOfAThousandFromAMillionEntriesIsMeasured() throws Exception {
        Path db = dir.resolve("catalog.db");
        long built = System.nanoTime();
        bulkTree(db, 1_000, 1_000, true);
        System.out.printf("CatalogListingTest: a million entries built in %d ms%n",
                (System.nanoTime() - built) / 1_000_000);
        try (Catalog catalog = Catalog.open(db)) {
            for (List<String> at : List.of(List.<String>of(), List.of("d0500", "f0499"), List.of("d0998", "f0999"))) {
                catalog.listing().list(List.of(), true, at, 1_000, 1_000, e -> true);   // warm the statements
                long best = Long.MAX_VALUE;
                ListingPage page = null;
                for (int i = 0; i < 5; i++) {
                    long started = System.nanoTime();
                    page = catalog.listing().list(List.of(), true, at, 1_000, 1_000, e -> true).orElseThrow();
                    best = Math.min(best, System.nanoTime() - started);
                }
                System.out.printf("CatalogListingTest: a page of %d entries after %s of a million: %.1f ms%n",
                        page.entries().size(), at.isEmpty() ? "/" : "/" + String.join("/", at), best / 1e6);
                assertThat(page.entries()).hasSize(1_000);
                assertThat(page.entries().get(1).copies()).hasSize(1);
            }
        }
    }

    private static void change(Catalog catalog, Set<String> unchanged, AtomicBoolean walking, AtomicInteger changes,
                               int seed) {
        List<Long> created = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = 0;
        while (walking.get()) {
            long directory = catalog.resolve(String.format("/d%03d", random.nextInt(100))).orElseThrow().id();
            try {
                if (random.nextBoolean() || created.isEmpty()) {
                    catalog.createFile(directory, String.format("new-%d-%d", seed, n++), 0644, 0, 0, NOW);
                } else {
                    String victim = String.format("/d%03d/f%04d", random.nextInt(100), random.nextInt(1_000));
                    unchanged.remove(victim);
                    int slash = victim.lastIndexOf('/');
                    catalog.unlink(catalog.resolve(victim.substring(0, slash)).orElseThrow().id(),
                            victim.substring(slash + 1), NOW);
                }
                changes.incrementAndGet();
                created.add(directory);
            } catch (NamespaceException e) {
                // deleted by the other thread already
            }
        }
    }

    /** Walk order of two paths: component by component, names by their UTF-8 bytes. */
    private static int compare(String a, String b) {
        String[] x = a.substring(1).split("/");
        String[] y = b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Arrays.compareUnsigned(x[i].getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    y[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static List<String> walk(Catalog catalog, List<String> root, boolean recursive, int limit,
                                     java.util.function.Predicate<ListedEntry> filter) {
        List<String> paths = new ArrayList<>();
        List<String> cursor = List.of();
        for (int pages = 0; pages < 1_000; pages++) {
            ListingPage page = catalog.listing().list(root, recursive, cursor, limit, limit, filter).orElseThrow();
            page.entries().forEach(entry -> paths.add(entry.path()));
            if (page.lastPath() == null) {
                return paths;
            }
            List<String> last = Arrays.asList(page.lastPath().substring(1).split("/"));
            cursor = last.subList(root.size(), last.size());
        }
        throw new AssertionError("the walk did not end");
    }

    private static List<String> page(Catalog catalog, List<String> after, int limit) {
        return catalog.listing().list(List.of(), true, after, limit, limit, e -> true).orElseThrow().entries().stream()
                .map(ListedEntry::path).toList();
    }

    /** Directories d000.. with files f0000.., made by SQLite itself in one transaction (a fixture, not a catalog path). */
    private static void bulkTree(Path db, int directories, int files, boolean copies) throws Exception {
        Catalog.open(db).close();   // the schema; the catalog's writer holds the write lock while open
        long nanos = NOW.getEpochSecond() * 1_000_000_000L;
        String columns = "INSERT INTO inode (id, parent, name, kind, mode, uid, gid, size, atime, mtime, ctime, crtime,"
                + " cache_state) ";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous = OFF");
            connection.setAutoCommit(false);
            statement.execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < " + (directories - 1)
                    + ") " + columns + "SELECT 2 + x, 1, printf('d%03d', x), 'DIRECTORY', 493, 0, 0, 0, " + nanos + ", "
                    + nanos + ", " + nanos + ", " + nanos + ", 'CLEAN' FROM n");
            statement.execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < "
                    + (directories * files - 1) + ") " + columns + "SELECT " + (2 + directories) + " + x, 2 + x / " + files
                    + ", printf('f%04d', x % " + files + "), 'FILE', 420, 0, 0, x % " + files + ", " + nanos + ", "
                    + nanos + ", " + nanos + ", " + nanos + ", 'CLEAN' FROM n");
            if (copies) {
                statement.execute("INSERT INTO copy (inode, volume_tag, size, mtime, sha256, current) SELECT id,"
                        + " 'BIG001L5', size, mtime, NULL, 1 FROM inode WHERE kind = 'FILE'");
            }
            connection.commit();
        }
    }
}

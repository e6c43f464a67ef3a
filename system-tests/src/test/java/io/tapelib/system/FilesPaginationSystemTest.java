package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 1, through the real jars and a real mount: {@code GET /api/v1/files?recursive=true} walks a
 * catalog of 100,000 files in pages of 1,000 while files and directories are created and deleted at the mount
 * ({@link MountChurn}), and the walk's own cursor path is deleted between pages: no path is seen twice (the paths
 * strictly increase in the documented order), every entry unchanged for the whole walk is seen, and nothing is seen
 * that never existed. The 100,000 files come on a cartridge, as an archive arrives: the controller's {@code import}
 * writes a tree of empty files onto TL0001L5 (a real LTFS index of 100,000 entries) and the gateway catalogs it at its
 * first start, which costs far less than 100,000 creates at the mount. Timings (the walk, its slowest page) are
 * printed, not asserted. Then, on the same pair, a cursor whose directory is removed between two pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesPaginationSystemTest {
    private static final int DIRECTORIES = 100;
    private static final int FILES_PER_DIRECTORY = 1_000;
    private static final int PAGE = 1_000;
    private static final String TAG = "TL0001L5";
    /** Every how many pages the walk deletes the file its cursor names before asking for the next page. */
    private static final int CURSOR_DELETE_EVERY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Changes the churn may make at the mount for each page the walk asks for: about 4,000 during the walk. */
    private static final int CHURN_PER_PAGE = 40;
    /** Far more than the walk takes (101 pages); a cursor that never ends fails instead of looping. */
    private static final int MAX_PAGES = 1_000;

    @TempDir
    static Path work;
    /** The import's source tree: 100,000 creates cost seconds of journal commits on a disk that others write to. */
    @TempDir(factory = TmpfsTempDirs.class)
    static Path memory;

    @AutoClose
    private LibraryPair pair;
    /** The imported tree's paths: its directories and files. */
    private final Set<String> imported = new HashSet<>();
    /** The imported tree's files. */
    private final Set<String> importedFiles = new HashSet<>();

    @BeforeAll
    void startOnACartridgeOfAHundredThousandFiles() throws Exception {
        long started = System.nanoTime();
        Path source = Files.createDirectories(memory.resolve("source"));
        for (int d = 0; d < DIRECTORIES; d++) {
            Path directory = Files.createDirectory(source.resolve(MountChurn.importedDirectory(d).substring(1)));
            imported.add(MountChurn.importedDirectory(d));
            for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
                String file = MountChurn.importedFile(d, d * FILES_PER_DIRECTORY + f);
                Files.createFile(directory.resolve(file.substring(file.lastIndexOf('/') + 1)));
                imported.add(file);
                importedFiles.add(file);
            }
        }
        long made = System.nanoTime();
        pair = new LibraryPair("files-pagination", work, Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "1"),
                Map.of("WRITE_DELAY", "1h"));
        try {
            pair.importTree(source, TAG);
        } finally {
            Commands.run("rm", "-rf", "--one-file-system", source.toString());   // its memory back at once
        }
        long importedAt = System.nanoTime();
        pair.start();
        System.out.printf("FilesPaginationSystemTest: %,d files: source tree %d ms, import onto %s %d ms, pair started"
                        + " (the gateway catalogs the cartridge) %d ms%n", DIRECTORIES * FILES_PER_DIRECTORY,
                millis(made - started), TAG, millis(importedAt - made), millis(System.nanoTime() - importedAt));
    }

    @Test
    @Order(1)
    void aWalkInPagesOfAThousandUnderChangeSeesNoPathTwiceAndEveryUnchangedOne() throws Exception {
        Walk walk;
        int creates;
        int deletes;
        Set<String> touched;
        try (MountChurn churn = new MountChurn(pair.mount, DIRECTORIES, FILES_PER_DIRECTORY)) {
            churn.start(14).allow(2 * CHURN_PER_PAGE);
            await("the churn at the mount under way").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> churn.creates() >= 20 && churn.deletes() >= 10);
            creates = -churn.creates();
            deletes = -churn.deletes();
            walk = walk(churn);
            creates += churn.creates();
            deletes += churn.deletes();
            churn.stop();
            touched = churn.touched();
        }
        List<Long> pages = walk.pageNanos().subList(1, walk.pageNanos().size());
        System.out.printf("FilesPaginationSystemTest: walked %,d entries in %d pages of %,d in %d ms (first page %d"
                        + " ms; then median %d ms, slowest %d ms) beside %,d creates and %,d deletes at the mount; %d"
                        + " cursor paths deleted before the next page was asked for%n", walk.paths().size(),
                walk.pageNanos().size(), PAGE, millis(walk.pageNanos().stream().mapToLong(Long::longValue).sum()),
                millis(walk.pageNanos().get(0)), millis(median(pages)), millis(Collections.max(pages)), creates,
                deletes, walk.deletedAtCursor().size());

        assertThat(creates).as("creates at the mount during the walk").isGreaterThan(100);
        assertThat(deletes).as("deletes at the mount during the walk").isGreaterThan(100);
        assertThat(walk.deletedAtCursor()).as("cursor paths deleted between pages").hasSizeGreaterThanOrEqualTo(5);
        List<String> firstPageTapes = new ArrayList<>();
        walk.firstPage().get("entries").forEach(entry -> {
            if ("FILE".equals(entry.get("kind").asText()) && imported.contains(entry.get("path").asText())) {
                firstPageTapes.add(entry.get("tapes").toString());
            }
        });
        assertThat(firstPageTapes).as("the imported files of the first page, each on the cartridge alone")
                .hasSizeGreaterThan(PAGE / 2)
                .containsOnly("[{\"volumeTag\":\"" + TAG + "\",\"current\":true,\"size\":0}]");
        Set<String> distinct = new HashSet<>();
        List<String> twice = walk.paths().stream().filter(path -> !distinct.add(path)).toList();
        assertThat(first20(twice)).as("paths seen twice (%d in all)", twice.size()).isEmpty();
        List<String> outOfOrder = new ArrayList<>();
        for (int i = 1; i < walk.paths().size(); i++) {
            if (compareInWalkOrder(walk.paths().get(i - 1), walk.paths().get(i)) >= 0) {
                outOfOrder.add(walk.paths().get(i - 1) + " before " + walk.paths().get(i));
            }
        }
        assertThat(first20(outOfOrder)).as("paths out of the walk's order (%d in all)", outOfOrder.size()).isEmpty();
        List<String> missed = imported.stream().filter(path -> !touched.contains(path) && !distinct.contains(path))
                .sorted().toList();
        assertThat(first20(missed)).as("entries unchanged for the whole walk that it missed (%d in all)", missed.size())
                .isEmpty();
        List<String> invented = distinct.stream().filter(path -> !imported.contains(path) && !touched.contains(path))
                .sorted().toList();
        assertThat(first20(invented)).as("paths that neither the import nor the churn made (%d in all)",
                invented.size()).isEmpty();
    }

    /**
     * The cursor names a file whose directory is removed before the next page is asked for: the walk goes on after
     * that directory (in the deepest directory of the cursor's path that still exists), and an entry made meanwhile
     * before the cursor is not met.
     */
    @Test
    @Order(2)
    void aCursorWhoseDirectoryWasRemovedGoesOnAfterIt() throws Exception {
        Path zz = pair.mount.resolve("zz");
        for (String name : List.of("a/1", "a/2", "a/3")) {
            Files.createDirectories(zz.resolve(name).getParent());
            Files.createFile(zz.resolve(name));
        }
        Files.createDirectory(zz.resolve("c"));
        JsonNode first = page("/zz", null, 3);
        assertThat(paths(first)).containsExactly("/zz/a", "/zz/a/1", "/zz/a/2");

        for (String name : List.of("a/1", "a/2", "a/3", "a")) {
            Files.delete(zz.resolve(name));
        }
        Files.createFile(zz.resolve("0"));
        Files.createFile(zz.resolve("b"));
        JsonNode next = page("/zz", first.get("nextCursor").asText(), 3);

        assertThat(paths(next)).containsExactly("/zz/b", "/zz/c");
        assertThat(next.get("nextCursor").isNull()).as("the walk's end").isTrue();
    }

    /** A walk: its paths in the order met, each page's time (asked, answered, read), the cursor paths it deleted. */
    private record Walk(List<String> paths, List<Long> pageNanos, Set<String> deletedAtCursor, JsonNode firstPage) {
    }

    /**
     * Walks {@code GET /api/v1/files?path=/&recursive=true} in pages of {@value #PAGE} to its end (a null
     * {@code nextCursor}). Every {@value #CURSOR_DELETE_EVERY}th page, the imported file the new cursor names is
     * deleted at the mount before the next page is asked for (added to {@code touched}): the worst moment for a
     * cursor. Each page answered lets the churn make {@value #CHURN_PER_PAGE} more changes.
     */
    private Walk walk(MountChurn churn) throws Exception {
        Set<String> touched = churn.touched();
        List<String> paths = new ArrayList<>();
        List<Long> pageNanos = new ArrayList<>();
        Set<String> deletedAtCursor = new HashSet<>();
        JsonNode firstPage = null;
        String cursor = null;
        do {
            long asked = System.nanoTime();
            JsonNode page = page("/", cursor, PAGE);
            pageNanos.add(System.nanoTime() - asked);
            churn.allow(CHURN_PER_PAGE);
            firstPage = firstPage == null ? page : firstPage;
            paths.addAll(paths(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            String last = paths.isEmpty() ? null : paths.get(paths.size() - 1);
            if (cursor != null && pageNanos.size() % CURSOR_DELETE_EVERY == 0 && importedFiles.contains(last)
                    && touched.add(last)) {
                Files.delete(pair.mount.resolve(last.substring(1)));
                deletedAtCursor.add(last);
            }
        } while (cursor != null && pageNanos.size() < MAX_PAGES);
        assertThat(cursor).as("the walk ended within %d pages", MAX_PAGES).isNull();
        return new Walk(paths, pageNanos, deletedAtCursor, firstPage);
    }

    /** One page of {@code GET /api/v1/files?path=&recursive=true&cursor=&limit=} (no cursor: the first), as JSON. */
    private JsonNode page(String path, String cursor, int limit) throws Exception {
        RequestSpecification request = given().baseUri(pair.gateway.baseUrl()).queryParam("path", path)
                .queryParam("recursive", "true").queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return JSON.readTree(request.get("/api/v1/files").then().statusCode(200).extract().asByteArray());
    }

    private static List<String> paths(JsonNode page) {
        List<String> paths = new ArrayList<>();
        page.get("entries").forEach(entry -> paths.add(entry.get("path").asText()));
        return paths;
    }

    /**
     * The order of docs/operator-api.md ("files order"): depth-first, names in byte order within a directory, a
     * directory before its entries (all names here are ASCII, so String order is byte order).
     */
    private static int compareInWalkOrder(String a, String b) {
        return Arrays.compare(a.substring(1).split("/"), b.substring(1).split("/"));
    }

    /** The first 20 of a list: a failure's message shows some, not 100,000. */
    private static List<String> first20(List<String> list) {
        return list.subList(0, Math.min(20, list.size()));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}

package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 1, through the real jars: 200 offline files on 6 cartridges, 1 drive, asked for in one
 * {@code POST /api/v1/recall} in shuffled order. Each cartridge is loaded once (the controller's
 * {@code tapelib_cartridge_loads_total}), its files are read in ascending block order (the controller's
 * {@code recall read order on TAG: p/b ...} line at the end of each RECALL job), and every file comes back whole.
 * The recall runs once for the class, in {@link #recallEverythingAtOnce}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkRecallOrderSystemTest {
    private static final int CARTRIDGES = 6;
    private static final int FILES = 200;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern READ_ORDER = Pattern.compile("recall read order on (\\S+): ?(.*)$");

    private LibraryPair pair;
    /** SHA-256 of each file by its path at the mount. */
    private final Map<String, String> digests = new LinkedHashMap<>();
    private Map<String, Integer> loads;
    private JsonPath answer;
    private long controllerLogBefore;

    @BeforeAll
    void recallEverythingAtOnce(@TempDir Path work) throws Exception {
        List<String> tags = new ArrayList<>();
        for (int c = 1; c <= CARTRIDGES; c++) {
            tags.add(String.format("TL%04dL5", c));
        }
        pair = new LibraryPair("bulk-recall-order", work, Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "" + CARTRIDGES),
                Map.of("WRITE_DELAY", "1h"));
        // one import spreads the tree over the tapes named by bytes, a directory at a time: equal directories, one each
        for (int c = 0; c < CARTRIDGES; c++) {
            Path dir = Files.createDirectories(work.resolve("source").resolve("c" + c));
            for (int f = c; f < FILES; f += CARTRIDGES) {
                String name = String.format("f%03d.bin", f);
                digests.put("/c" + c + "/" + name, MountFiles.writeGenerated(dir.resolve(name),
                        3000 + 17L * (f / CARTRIDGES), f));
            }
        }
        pair.importTree(work.resolve("source"), String.join(",", tags));
        pair.start();
        pair.emptyDrive();
        Map<String, Integer> before = loads();
        controllerLogBefore = pair.controller.logSize();

        List<String> paths = new ArrayList<>(digests.keySet());
        Collections.shuffle(paths, new Random(12));
        paths.add(paths.size() / 2, "/c0/no-such-file.bin");
        answer = given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON)
                .body(pathsBody(paths)).post("/api/v1/recall")
                .then().statusCode(202).extract().jsonPath();
        await("the recall queue is empty and no cartridge is being read").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonPath status = given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then()
                            .statusCode(200).extract().jsonPath();
                    return status.getInt("recalls.queued") == 0 && status.getList("recalls.running").isEmpty();
                });
        Map<String, Integer> after = loads();
        loads = new TreeMap<>();
        after.forEach((tag, n) -> loads.put(tag, n - before.getOrDefault(tag, 0)));
        loads.values().removeIf(n -> n == 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void theCallQueuesEveryOfflineFileAndRejectsTheMissingPath() {
        assertThat(answer.getInt("queued")).isEqualTo(FILES);
        assertThat(answer.getInt("joined")).isZero();
        assertThat(answer.getInt("cached")).isZero();
        assertThat(answer.getList("rejected", Map.class)).singleElement().satisfies(rejected -> {
            assertThat(rejected.get("path")).isEqualTo("/c0/no-such-file.bin");
            assertThat((String) rejected.get("reason")).contains("no such file");
        });
    }

    @Test
    void eachCartridgeIsLoadedOnce() {
        Map<String, Integer> once = new TreeMap<>();
        for (int c = 1; c <= CARTRIDGES; c++) {
            once.put(String.format("TL%04dL5", c), 1);
        }
        assertThat(loads).as("cartridge loads during the recall, per volume tag").isEqualTo(once);
    }

    @Test
    void everyFileComesBackWholeAndIsCached() throws Exception {
        for (Map.Entry<String, String> file : digests.entrySet()) {
            String relative = file.getKey().substring(1);
            assertThat(pair.xattr(relative, "tapelib.state")).as(relative).isEqualTo("cached");
            assertThat(MountFiles.sha256(pair.mount.resolve(relative))).as(relative).isEqualTo(file.getValue());
        }
    }

    /** Needs the controller's read-order line (issue 12, helper A): absent until that branch is merged. */
    @Test
    void eachCartridgeIsReadInAscendingBlockOrder() throws Exception {
        Map<String, List<long[]>> reads = new TreeMap<>();
        for (String line : pair.controller.logSince(controllerLogBefore).lines().toList()) {
            Matcher m = READ_ORDER.matcher(line);
            if (m.find() && !m.group(2).isBlank()) {
                List<long[]> onTape = reads.computeIfAbsent(m.group(1), t -> new ArrayList<>());
                for (String position : m.group(2).trim().split("\\s+")) {
                    String[] parts = position.split("/");
                    onTape.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
                }
            }
        }
        assertThat(reads).as("RECALL jobs' read order lines in the controller's log").hasSize(CARTRIDGES);
        assertThat(reads.values().stream().mapToInt(List::size).sum()).as("files read").isEqualTo(FILES);
        reads.forEach((tag, positions) -> {
            for (int i = 1; i < positions.size(); i++) {
                long[] previous = positions.get(i - 1);
                long[] next = positions.get(i);
                assertThat(next[0] > previous[0] || (next[0] == previous[0] && next[1] > previous[1]))
                        .as("%s: read %d/%d after %d/%d", tag, next[0], next[1], previous[0], previous[1]).isTrue();
            }
        });
    }

    @Test
    void aMalformedBodyIsRefusedNamingTheField() {
        given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON).body("{\"paths\": \"/c0/f000.bin\"}")
                .post("/api/v1/recall").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("\"paths\""));
        given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON).body("{\"paths\": [\"/c0/f000.bin\", 7]}")
                .post("/api/v1/recall").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("paths[1]"));
    }

    /** {"paths": [...]} (the paths here need no escaping). */
    private static String pathsBody(List<String> paths) {
        return paths.stream().map(path -> "\"" + path + "\"").collect(Collectors.joining(", ", "{\"paths\": [", "]}"));
    }

    /** Cartridge loads since the controller started, per volume tag, from its Prometheus metrics. */
    private Map<String, Integer> loads() {
        String metrics = given().baseUri(pair.controller.baseUrl()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Map<String, Integer> loads = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^tapelib_cartridge_loads_total\\{[^}]*volume_tag=\"([^\"]+)\"[^}]*\\} ([0-9.]+)$")
                .matcher(metrics);
        while (m.find()) {
            loads.put(m.group(1), (int) Double.parseDouble(m.group(2)));
        }
        return loads;
    }
}

package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 5 (the audit log), through the real jars and a real mount: changes made by real processes
 * (touch, chmod, mv, rm) appear in {@code GET /api/v1/audit} with the caller's uid and process name and the outcome;
 * a recall is the gateway's, an eviction asked through the API the API caller's; what was queued when the gateway
 * stopped is in the log after its restart, in its own database beside the catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSystemTest {
    /** Records are written in batches every ~200 ms; this is what a user would wait at most. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);

    private LibraryPair pair;
    private Path mount;
    private Path work;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        Path source = Files.createDirectories(work.resolve("source/tape"));
        MountFiles.writeGenerated(source.resolve("old.bin"), 65_536, 7);
        pair = new LibraryPair("audit", work, Map.of(), Map.of("WRITE_DELAY", "1h"));
        pair.importTree(work.resolve("source"), "TL0001L5");
        pair.start();
        mount = pair.mount;
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void touchChmodRenameAndRmAtTheMountAreRecordedWithUidAndProcessName() throws Exception {
        Files.createDirectories(mount.resolve("audited"));
        Path file = mount.resolve("audited/report.txt");
        Commands.run("touch", file.toString()).requireSuccess("touch");
        Commands.run("chmod", "0600", file.toString()).requireSuccess("chmod");
        Commands.run("mv", file.toString(), mount.resolve("audited/renamed.txt").toString()).requireSuccess("mv");
        Commands.run("rm", mount.resolve("audited/renamed.txt").toString()).requireSuccess("rm");
        Commands.Result missing = Commands.run("rm", mount.resolve("audited/never-there.txt").toString());
        assertThat(missing.exitCode()).isNotZero();

        List<Map<String, Object>> report = await().atMost(VISIBLE_WITHIN)
                .until(() -> records("/audited/report.txt"), r -> r.size() >= 3);
        assertThat(report).extracting(r -> r.get("action"), r -> r.get("process"), r -> r.get("newPath"))
                .containsExactly(tuple("create", "touch", null), tuple("chmod", "chmod", null),
                        tuple("rename", "mv", "/audited/renamed.txt"));
        assertThat(report.get(1).get("detail")).isEqualTo("mode 0600");

        List<Map<String, Object>> renamed = await().atMost(VISIBLE_WITHIN)
                .until(() -> records("/audited/renamed.txt"), r -> !r.isEmpty());
        assertThat(renamed).singleElement().satisfies(r -> {
            assertThat(r.get("action")).isEqualTo("unlink");
            assertThat(r.get("uid")).isEqualTo(0);
            assertThat(r.get("process")).isEqualTo("rm");
            assertThat(((Number) r.get("pid")).longValue()).isPositive();
            assertThat(r.get("caller")).isEqualTo("mount");
            assertThat(r.get("outcome")).isEqualTo("ok");
            assertThat(r.get("time")).asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        });
        // rm of a missing file fails in the kernel's lookup before any unlink reaches the mount: nothing to record
        assertThat(records("/audited/never-there.txt")).isEmpty();
        // a trailing slash: everything below the directory, oldest first
        assertThat(records("/audited/")).extracting(r -> r.get("action"))
                .containsExactly("create", "chmod", "rename", "unlink");
        assertThat(records("/")).extracting(r -> r.get("path")).contains("/audited", "/audited/renamed.txt");
    }

    @Test
    void aRefusedChangeIsRecordedWithItsErrno() throws Exception {
        Files.createDirectories(mount.resolve("full/inner"));
        Commands.Result refused = Commands.run("rmdir", mount.resolve("full").toString());
        assertThat(refused.exitCode()).isNotZero();
        List<Map<String, Object>> rmdir = await().atMost(VISIBLE_WITHIN)
                .until(() -> records("/full"), r -> r.stream().anyMatch(x -> "rmdir".equals(x.get("action"))));
        assertThat(rmdir).filteredOn(r -> "rmdir".equals(r.get("action"))).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("outcome")).isEqualTo("ENOTEMPTY");
                    assertThat(r.get("process")).isEqualTo("rmdir");
                });
    }

    @Test
    void pagesFollowTheCursorAndMalformedParametersAreRefusedByName() throws Exception {
        Files.createDirectories(mount.resolve("paged"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(mount.resolve("paged/f" + i), "x");
        }
        await().atMost(VISIBLE_WITHIN).until(() -> records("/paged/").size() == 10);
        JsonPath first = given().baseUri(pair.gateway.baseUrl()).queryParam("path", "/paged/").queryParam("limit", 4)
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("records")).hasSize(4);
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotNull();
        JsonPath rest = given().baseUri(pair.gateway.baseUrl()).queryParam("path", "/paged/")
                .queryParam("cursor", cursor).queryParam("limit", 10).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(rest.getList("records")).hasSize(6);
        assertThat(rest.getString("nextCursor")).isNull();
        // a create and a write (on close) per file, each file's create before its write
        assertThat(rest.getList("records.action", String.class)).containsOnly("create", "write");

        for (Map.Entry<String, String> bad : Map.of("limit", "0", "cursor", "abc", "since", "yesterday",
                "path", "relative").entrySet()) {
            given().baseUri(pair.gateway.baseUrl()).queryParam(bad.getKey(), bad.getValue()).get("/api/v1/audit")
                    .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo(bad.getKey()));
        }
    }

    @Test
    void recordsQueuedWhenTheGatewayStopsAreInTheLogAfterItsRestart() throws Exception {
        Path file = mount.resolve("last-words.txt");
        Files.writeString(file, "bye");
        Commands.run("rm", file.toString()).requireSuccess("rm");
        // at once: the batch interval (~200 ms) has likely not passed, so the unlink waits in the queue
        pair.gateway.stop();
        pair.gateway.start();
        assertThat(records("/last-words.txt")).extracting(r -> r.get("action"))
                .containsExactly("create", "write", "unlink");
        // the log is a database of its own beside the catalog (LibraryPair's CATALOG_DB is catalog/catalog.db)
        assertThat(work.resolve("catalog/catalog-audit.db")).isRegularFile();
    }

    @Test
    void anEvictionAskedThroughTheApiIsRecordedWithTheApiCaller() {
        String since = java.time.Instant.now().toString();
        given().baseUri(pair.gateway.baseUrl()).post("/api/v1/cache/evict").then().statusCode(200);
        List<Map<String, Object>> evictions = await().atMost(VISIBLE_WITHIN).until(() -> given()
                .baseUri(pair.gateway.baseUrl()).queryParam("since", since).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("records").stream()
                .filter(r -> "evict".equals(r.get("action"))).toList(), r -> !r.isEmpty());
        assertThat(evictions).singleElement().satisfies(r -> {
            assertThat(r.get("caller")).isEqualTo("api 127.0.0.1");
            assertThat(r.get("outcome")).isEqualTo("ok");
            assertThat(r.get("uid")).isNull();
            assertThat(r.get("detail")).asString().startsWith("POST /api/v1/cache/evict 200");
        });
    }

    @Test
    void aRecallIsRecordedAsTheGatewaysOwnWork() throws Exception {
        Path offline = mount.resolve("tape/old.bin");
        assertThat(pair.xattr("tape/old.bin", "tapelib.state")).isEqualTo("offline");
        // O_DIRECT: the read reaches the mount, which recalls the file from its cartridge
        Commands.run("dd", "if=" + offline, "of=/dev/null", "bs=65536", "iflag=direct", "status=none")
                .requireSuccess("dd");
        List<Map<String, Object>> recalls = await().atMost(VISIBLE_WITHIN).until(() -> records("/tape/old.bin"),
                r -> !r.isEmpty());
        assertThat(recalls).singleElement().satisfies(r -> {
            assertThat(r.get("action")).isEqualTo("recall");
            assertThat(r.get("caller")).isEqualTo("gateway");
            assertThat(r.get("outcome")).isEqualTo("ok");
            assertThat(r.get("detail")).isEqualTo("from TL0001L5");
        });
    }

    private List<Map<String, Object>> records(String path) {
        return given().baseUri(pair.gateway.baseUrl()).queryParam("path", path).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("records");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}

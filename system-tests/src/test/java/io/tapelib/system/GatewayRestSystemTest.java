package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 1: every gateway REST endpoint through the real jars with REST Assured, each 400 path
 * (malformed JSON, wrong types, unknown properties, malformed and out-of-range parameters, oversized fields, a cursor
 * that is not ours), 404 only for what does not exist, 413 above 1 MiB, and nothing a client sent echoed unbounded.
 * One pair for the class: a small tree migrated once (/docs/a.txt and /docs/b.txt with the same content, /docs/sub/c.bin
 * and 30 files in /many).
 */
class GatewayRestSystemTest {
    private static final String TEXT = "the same content in two files\n";

    @TempDir
    static Path work;

    @AutoClose
    static LibraryPair pair;

    @BeforeAll
    static void startWithATreeOnTape() throws Exception {
        pair = new LibraryPair("gateway-rest", work, Map.of(), Map.of("WRITE_DELAY", "1s"));
        pair.start();
        Files.createDirectories(pair.mount.resolve("docs/sub"));
        Files.writeString(pair.mount.resolve("docs/a.txt"), TEXT);
        Files.writeString(pair.mount.resolve("docs/b.txt"), TEXT);
        MountFiles.randomFile(pair.mount.resolve("docs/sub/c.bin"), 256 * 1024);
        Files.createDirectories(pair.mount.resolve("many"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(pair.mount.resolve(String.format("many/f%02d", i)), "file " + i);
        }
        for (String path : List.of("docs/a.txt", "docs/b.txt", "docs/sub/c.bin", "many/f29")) {
            pair.awaitMigrated(path, Duration.ofSeconds(60));
        }
    }

    private static RequestSpecification gateway() {
        return given().baseUri(pair.gateway.baseUrl());
    }

    private static ValidatableResponse refused(ValidatableResponse response, String field) {
        return response.statusCode(400).contentType(ContentType.JSON).body("field", equalTo(field))
                .body("error", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    @Test
    void statusGivesCacheDirtyLostAndTheController() {
        JsonPath status = gateway().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getLong("cacheUsedBytes")).isNotNegative();
        assertThat(status.getLong("cacheMaxBytes")).isPositive();
        assertThat(status.getInt("lostCount")).isZero();
        assertThat(status.getList("lostFiles")).isEmpty();
        assertThat(status.getLong("dirtyBytes")).isNotNegative();
        assertThat(status.getBoolean("controllerReachable")).isTrue();
        assertThat(status.getMap("recalls")).containsKey("queued");
    }

    @Test
    void tapesShowFillFilesAndLocation() {
        String tape = pair.xattr("docs/sub/c.bin", "tapelib.tapes");
        JsonPath tapes = gateway().get("/api/v1/tapes").then().statusCode(200).extract().jsonPath();
        List<String> tags = tapes.getList("tapes.volumeTag", String.class);
        assertThat(tags).contains(tape).isSorted();
        // another test's file (evict's dirty.txt) may be migrating to this tape: its index and the catalog's copies
        // agree again when that write-back ends
        JsonPath one = await("the tape's file count and the files listed with tape=" + tape + " agree")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> gateway().get("/api/v1/tapes/" + tape).then().statusCode(200).extract().jsonPath(),
                        summary -> summary.getInt("files") == filesListedOn(tape));
        assertThat(one.getString("state")).isEqualTo("LTFS");
        assertThat(one.getLong("liveBytes")).isGreaterThanOrEqualTo(256 * 1024);
        assertThat(one.getLong("usedBytes")).isGreaterThanOrEqualTo(one.getLong("liveBytes"));
        assertThat(one.getLong("deadBytes")).isEqualTo(one.getLong("usedBytes") - one.getLong("liveBytes"));
        // equal to the files listed with tape=<tape> when the summary was taken (the wait above); not listed again
        // here, since the other test's write-back may change the count once more in between
        assertThat(one.getInt("files")).as("files on " + tape).isPositive();
        assertThat(one.getLong("generation")).isPositive();
        assertThat(one.getString("location.type")).isIn("STORAGE", "DATA_TRANSFER");
        assertThat(one.getString("readOnlyReason")).isNull();

        gateway().get("/api/v1/tapes/NOPE00L5").then().statusCode(404).body("field", equalTo("tag"));
        refused(gateway().get("/api/v1/tapes/" + "X".repeat(33)).then(), "tag");
        refused(gateway().urlEncodingEnabled(false).get("/api/v1/tapes/A%20B").then(), "tag");
        refused(gateway().post("/api/v1/tapes/" + "X".repeat(1_000) + "/reclaim").then(), "tag")
                .body("error.length()", org.hamcrest.Matchers.lessThan(300));
        gateway().post("/api/v1/tapes/NOPE00L5/reclaim").then().statusCode(404).body("field", equalTo("tag"));
    }

    /** Files (not directories) GET /api/v1/files?recursive=true&tape= lists. */
    private static long filesListedOn(String tape) {
        return gateway().queryParam("recursive", "true").queryParam("tape", tape).queryParam("limit", 10_000)
                .get("/api/v1/files").then().statusCode(200).extract().jsonPath().getList("entries.kind", String.class)
                .stream().filter(kind -> !kind.equals("DIRECTORY")).count();
    }

    @Test
    void filesListsADirectoryAndWalksATreeInPages() {
        JsonPath docs = gateway().queryParam("path", "/docs").get("/api/v1/files").then().statusCode(200)
                .extract().jsonPath();
        assertThat(docs.getList("entries.path")).containsExactly("/docs/a.txt", "/docs/b.txt", "/docs/sub");
        assertThat(docs.getString("nextCursor")).isNull();
        assertThat(docs.getString("entries[0].kind")).isEqualTo("FILE");
        assertThat(docs.getString("entries[0].mode")).isEqualTo("0644");
        assertThat(docs.getString("entries[0].state")).isIn("cached", "offline");
        assertThat(docs.getLong("entries[0].size")).isEqualTo(TEXT.length());
        assertThat(docs.getString("entries[0].sha256")).isEqualTo(MountFiles.sha256(TEXT.getBytes(StandardCharsets.UTF_8)));
        assertThat(docs.getList("entries[0].tapes.volumeTag")).containsExactly(pair.xattr("docs/a.txt", "tapelib.tapes"));
        assertThat(docs.getString("entries[2].state")).isNull();

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = gateway().queryParam("path", "/").queryParam("recursive", "true")
                    .queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/files").then().statusCode(200).extract().jsonPath();
            walked.addAll(page.getList("entries.path", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(walked).doesNotHaveDuplicates();
        assertThat(walked.stream().filter(path -> path.startsWith("/docs") || path.startsWith("/many")))
                .startsWith("/docs", "/docs/a.txt", "/docs/b.txt", "/docs/sub", "/docs/sub/c.bin", "/many", "/many/f00")
                .endsWith("/many/f29").hasSize(36);
        assertThat(pages).isBetween(6, 7);

        JsonPath cached = gateway().queryParam("path", "/many").queryParam("state", "dirty").get("/api/v1/files")
                .then().statusCode(200).extract().jsonPath();
        assertThat(cached.getList("entries")).isEmpty();
        String tape = pair.xattr("docs/sub/c.bin", "tapelib.tapes");
        assertThat(gateway().queryParam("path", "/docs").queryParam("recursive", "true").queryParam("tape", tape)
                .get("/api/v1/files").then().statusCode(200).extract().jsonPath().getList("entries.path"))
                .contains("/docs/a.txt", "/docs/sub/c.bin");
        assertThat(gateway().queryParam("path", "/docs/a.txt").get("/api/v1/files").then().statusCode(200)
                .extract().jsonPath().getList("entries.path")).containsExactly("/docs/a.txt");
    }

    @Test
    void filesRefusesMalformedParametersNamingThem() {
        for (String limit : List.of("abc", "0", "-1", "10001", "1e3", "99999999999")) {
            refused(gateway().queryParam("limit", limit).get("/api/v1/files").then(), "limit");
        }
        refused(gateway().queryParam("recursive", "maybe").get("/api/v1/files").then(), "recursive");
        refused(gateway().queryParam("path", "docs").get("/api/v1/files").then(), "path");
        refused(gateway().queryParam("path", "/docs/../etc").get("/api/v1/files").then(), "path");
        refused(gateway().queryParam("state", "gone").get("/api/v1/files").then(), "state");
        refused(gateway().queryParam("tape", "X".repeat(40)).get("/api/v1/files").then(), "tape");
        refused(gateway().queryParam("cursor", "!!not-base64!!").get("/api/v1/files").then(), "cursor");
        String elsewhere = Base64.getUrlEncoder().withoutPadding().encodeToString("/many/f01".getBytes(StandardCharsets.UTF_8));
        refused(gateway().queryParam("path", "/docs").queryParam("cursor", elsewhere).get("/api/v1/files").then(),
                "cursor");
        refused(gateway().queryParam("cursor", "A".repeat(3_000)).get("/api/v1/files").then(), "cursor")
                .body("error.length()", org.hamcrest.Matchers.lessThan(400));
        gateway().queryParam("path", "/no/such").get("/api/v1/files").then().statusCode(404)
                .body("field", equalTo("path"));
    }

    @Test
    void bySha256FindsEveryPathWithTheContent() {
        String sha256 = MountFiles.sha256(TEXT.getBytes(StandardCharsets.UTF_8));
        JsonPath same = gateway().get("/api/v1/files/by-sha256/" + sha256.toUpperCase()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(same.getString("sha256")).isEqualTo(sha256);
        assertThat(same.getList("files.path")).containsExactly("/docs/a.txt", "/docs/b.txt");
        refused(gateway().get("/api/v1/files/by-sha256/xyz").then(), "hex");
        refused(gateway().get("/api/v1/files/by-sha256/" + "g".repeat(64)).then(), "hex");
        gateway().get("/api/v1/files/by-sha256/" + "0".repeat(64)).then().statusCode(404).body("field", equalTo("hex"));
    }

    @Test
    void evictDropsCleanCopiesAndRefusesWhatItCannot() throws Exception {
        assertThat(Files.readString(pair.mount.resolve("many/f00"))).isEqualTo("file 0");   // cached again if evicted
        pair.awaitCached("many/f00", Duration.ofSeconds(60));
        Files.writeString(pair.mount.resolve("dirty.txt"), "not on tape yet");
        String body = "{\"paths\": [\"/many/f00\", \"/no/such\", \"/many\", \"/dirty.txt\"]}";
        JsonPath evicted = gateway().contentType(ContentType.JSON).body(body).post("/api/v1/evict").then()
                .statusCode(200).extract().jsonPath();
        assertThat(evicted.getInt("evicted")).isEqualTo(1);
        assertThat(evicted.getList("rejected.path")).containsExactly("/no/such", "/many", "/dirty.txt");
        assertThat(evicted.getString("rejected[2].reason")).contains("dirty");
        assertThat(pair.xattr("many/f00", "tapelib.state")).isEqualTo("offline");
        JsonPath all = gateway().contentType(ContentType.JSON).body("{\"all\": true}").post("/api/v1/evict").then()
                .statusCode(200).extract().jsonPath();
        assertThat(all.getList("rejected")).isEmpty();
        assertThat(all.getLong("usedBytes")).isNotNegative();

        refused(post("/api/v1/evict", "{}"), null);
        refused(post("/api/v1/evict", "{\"paths\": [\"/a\"], \"all\": true}"), "all");
        refused(post("/api/v1/evict", "{\"all\": false}"), "all");
        refused(post("/api/v1/evict", "{\"all\": \"yes please\"}"), "all");
        refused(post("/api/v1/evict", "{\"paths\": \"/a\"}"), "paths");
        refused(post("/api/v1/evict", "{\"paths\": [\"/a\", \"relative\"]}"), "paths[1]");
        refused(post("/api/v1/evict", "{\"paths\": [\"/a\", null]}"), "paths[1]");
        refused(post("/api/v1/evict", "{\"paths\": [\"/" + "p".repeat(4_096) + "\"]}"), "paths[0]")
                .body("error.length()", org.hamcrest.Matchers.lessThan(300));
        refused(post("/api/v1/evict", "{\"paths\": [\"/a\"], \"colour\": 1}"), "colour");
        refused(post("/api/v1/evict", "{\"paths\": [\"/a\""), "paths[1]").body("error", containsString("end-of-input"));
        refused(post("/api/v1/evict", "{\"paths\" [\"/a\"]}"), null).body("error", containsString("not valid JSON"));
        refused(post("/api/v1/evict", "[1, 2]"), null);
    }

    @Test
    void recallRefusesMalformedBodiesAndQueuesAbsolutePaths() throws Exception {
        pair.evictCache();
        gateway().contentType(ContentType.JSON).body("{\"paths\": [\"/many/f01\", \"/no/such\"]}")
                .post("/api/v1/recall").then().statusCode(202).body("queued", equalTo(1))
                .body("rejected[0].path", equalTo("/no/such"));
        pair.awaitCached("many/f01", Duration.ofSeconds(60));
        refused(post("/api/v1/recall", "{"), null);
        refused(post("/api/v1/recall", ""), null);
        refused(post("/api/v1/recall", "{\"paths\": [\"many/f01\"]}"), "paths[0]");
        refused(post("/api/v1/recall", "{\"paths\": {\"a\": 1}}"), "paths");
        String huge = "x".repeat(10_000_000 / 2);
        refused(post("/api/v1/recall", "{\"paths\": [], \"" + huge.substring(0, 1_000) + "\": 1}"),
                "x".repeat(64) + "...").body("error.length()", org.hamcrest.Matchers.lessThan(300));
        // longer than Jackson reads a property name at all (StreamReadConstraints): malformed, and not echoed
        refused(post("/api/v1/recall", "{\"paths\": [], \"" + huge.substring(0, 500_000) + "\": 1}"), null)
                .body("error.length()", org.hamcrest.Matchers.lessThan(300));
        assertThat(statusOfAnnouncedBody("/api/v1/recall", 2L << 20)).as("a 2 MiB body").isEqualTo(413);
        assertThat(statusOfAnnouncedBody("/api/v1/evict", (1L << 20) + 1)).as("1 MiB and a byte").isEqualTo(413);
    }

    /**
     * The status the gateway answers to a JSON POST announcing {@code length} bytes, before any of them is sent (the
     * gateway refuses on the Content-Length; sending the body would race its closing of the connection).
     */
    private static int statusOfAnnouncedBody(String path, long length) throws Exception {
        java.net.URI uri = java.net.URI.create(pair.gateway.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void jobsListTheGatewaysOwnWorkNewestFirst() {
        pair.evictCache();
        gateway().contentType(ContentType.JSON).body("{\"paths\": [\"/many/f02\"]}").post("/api/v1/recall").then()
                .statusCode(202);
        pair.awaitCached("many/f02", Duration.ofSeconds(60));
        JsonPath jobs = gateway().get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = jobs.getList("jobs");
        assertThat(all).extracting(job -> job.get("type")).contains("WRITE_BACK", "RECALL");
        List<Integer> ids = jobs.getList("jobs.id", Integer.class);
        assertThat(ids).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        JsonPath writes = gateway().queryParam("type", "WRITE_BACK").queryParam("state", "SUCCEEDED")
                .queryParam("limit", 1).get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
        assertThat(writes.getList("jobs")).hasSize(1);
        assertThat(writes.getInt("jobs[0].totalFiles")).isPositive();
        assertThat(writes.getString("jobs[0].volumeTag")).isNotBlank();
        JsonPath recall = gateway().queryParam("type", "RECALL").queryParam("limit", 1).get("/api/v1/jobs").then()
                .statusCode(200).extract().jsonPath();
        assertThat(recall.getString("jobs[0].state")).isEqualTo("SUCCEEDED");
        assertThat(recall.getLong("jobs[0].bytes")).isEqualTo(recall.getLong("jobs[0].totalBytes")).isPositive();

        refused(gateway().queryParam("limit", "many").get("/api/v1/jobs").then(), "limit");
        refused(gateway().queryParam("limit", "1001").get("/api/v1/jobs").then(), "limit");
        refused(gateway().queryParam("type", "COFFEE").get("/api/v1/jobs").then(), "type");
        refused(gateway().queryParam("state", "DONE").get("/api/v1/jobs").then(), "state");
    }

    @Test
    void theOtherEndpointsAnswerAndTheOpenApiDocumentListsThem() {
        gateway().get("/api/v1/sync").then().statusCode(200).body("pending", org.hamcrest.Matchers.notNullValue());
        gateway().post("/api/v1/cache/evict").then().statusCode(200).body("evicted", org.hamcrest.Matchers.notNullValue());
        String openApi = gateway().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/api/v1/files", "/api/v1/tapes", "/api/v1/evict", "/api/v1/jobs", "/api/v1/status",
                "/api/v1/recall")) {
            assertThat(openApi).contains(path);
        }
        gateway().get("/q/swagger-ui").then().statusCode(404);

        int cartridges = gateway().post("/api/v1/rebuild").then().statusCode(202).extract().jsonPath()
                .getInt("cartridgesTotal");
        org.awaitility.Awaitility.await("the REBUILD job").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> "SUCCEEDED".equals(gateway()
                        .queryParam("type", "REBUILD").queryParam("limit", 1).get("/api/v1/jobs").then()
                        .statusCode(200).extract().jsonPath().getString("jobs[0].state")));
        JsonPath rebuild = gateway().queryParam("type", "REBUILD").get("/api/v1/jobs").then().extract().jsonPath();
        assertThat(rebuild.getInt("jobs[0].files")).isEqualTo(rebuild.getInt("jobs[0].totalFiles")).isEqualTo(cartridges);
        gateway().get("/api/v1/no-such-endpoint").then().statusCode(404).body("error", containsString("no such"))
                .body("field", nullValue());
    }

    private static ValidatableResponse post(String path, String body) {
        return gateway().contentType(ContentType.JSON).body(body).post(path).then();
    }
}

package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, the gateway's forwards of the controller's operator calls and its event stream, through the real jars
 * (docs/operator-api.md): GET /api/v1/library answers what the controller's own REST API answers; a load through the
 * gateway moves a cartridge in the virtual library and an unload brings it back; the controller's refusals arrive with
 * their HTTP status (404, 409, 400; 503 once the controller is gone) and a JSON error; GET /api/v1/events sends the
 * library at connect, the load's job changes and the library after it, and a client that goes away is forgotten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorForwardSystemTest {
    private static final int CARTRIDGES = 3;
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private String gateway;
    private String controller;

    @BeforeAll
    void start() throws Exception {
        pair = new LibraryPair("operator-forward", work, Map.of("TAPELIB_VIRTUAL_CARTRIDGES", Integer.toString(CARTRIDGES)),
                Map.of());
        pair.start();
        gateway = pair.gateway.baseUrl();
        controller = pair.controller.baseUrl();
        // the gateway's start-up indexing probes each cartridge once; the tests load and unload after it
        await("start-up indexing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> pair.jobs().stream().filter(j -> j.type().equals("LOAD")).count() >= CARTRIDGES
                        && pair.jobs().stream().noneMatch(LibraryPair.Job::running));
    }

    @BeforeEach
    void emptyDrive() {
        pair.emptyDrive();
    }

    @Test
    @Order(1)
    void theLibraryForwardAnswersWhatTheControllerAnswers() {
        Map<String, Object> direct = given().baseUri(controller).get("/api/v1/library")
                .then().statusCode(200).extract().jsonPath().getMap("$");

        Map<String, Object> forwarded = given().baseUri(gateway).get("/api/v1/library")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getMap("$");

        assertThat(forwarded).isEqualTo(direct);
        assertThat(forwarded).containsKeys("drives", "storageSlots", "importExportSlots", "timings");
    }

    @Test
    @Order(2)
    void aLoadThroughTheGatewayMovesTheCartridgeAndAnUnloadBringsItBack() {
        String tape = "TL0002L5";
        int slot = storageSlotOf(tape);

        JsonPath load = given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"" + tape + "\"}")
                .post("/api/v1/drives/0/load").then().statusCode(200).extract().jsonPath();

        assertThat(load.getString("type")).isEqualTo("LOAD");
        assertThat(load.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(load.getString("volumeTag")).isEqualTo(tape);
        assertThat(load.getString("started")).isNotNull();
        assertThat(pair.loadedTape()).contains(tape);
        JsonPath library = given().baseUri(controller).get("/api/v1/library").then().extract().jsonPath();
        assertThat(library.getBoolean("storageSlots.find { it.number == " + slot + " }.full")).isFalse();
        assertThat(library.getInt("drives[0].sourceSlot")).isEqualTo(slot);

        JsonPath unload = given().baseUri(gateway).post("/api/v1/drives/0/unload")
                .then().statusCode(200).extract().jsonPath();

        assertThat(unload.getString("type")).isEqualTo("UNLOAD");
        assertThat(unload.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(pair.loadedTape()).isEmpty();
        assertThat(storageSlotOf(tape)).isEqualTo(slot);
        List<Map<String, Object>> jobs = given().baseUri(gateway).queryParam("limit", 2).get("/api/v1/controller/jobs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(jobs).extracting(j -> j.get("id")).containsExactly(unload.getInt("id"), load.getInt("id"));
        assertThat(jobs.get(0)).containsKeys("submitted", "started", "finished", "bytes", "totalBytes", "files",
                "totalFiles", "detail", "slot", "error", "drive");
    }

    @Test
    @Order(3)
    void theControllersRefusalsArriveWithTheirStatusAndMalformedInputIsRefusedNamingTheField() {
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"NOSUCHL5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(404).body("error", containsString("NOSUCHL5"))
                .body("field", nullValue());
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0001L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(200);
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\"}")
                .post("/api/v1/drives/0/load").then().statusCode(409).body("error", containsString("TL0001L5"));

        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\"}")
                .post("/api/v1/drives/abc/load").then().statusCode(400).body("field", equalTo("drive"));
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\", \"slot\": 3}")
                .post("/api/v1/drives/0/load").then().statusCode(400).body("field", equalTo("slot"));
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\", \"extra\": 1}")
                .post("/api/v1/drives/0/load").then().statusCode(400).body("field", equalTo("extra"));
        given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": ")
                .post("/api/v1/drives/0/load").then().statusCode(400).body("error", containsString("not JSON"));
        String hugeTag = "T".repeat(100_000);
        String refused = given().baseUri(gateway).contentType(ContentType.JSON).body("{\"slot\": 0}")
                .post("/api/v1/tapes/" + hugeTag.substring(0, 2000) + "/export").then().statusCode(400)
                .body("field", equalTo("tag")).extract().asString();
        assertThat(refused).as("the tag is not echoed").hasSizeLessThan(300);
        given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"from\": {\"type\": \"DATA_TRANSFER\", \"number\": 0}, \"to\": {\"type\": \"STORAGE\", \"number\": 1}}")
                .post("/api/v1/move").then().statusCode(400).body("field", equalTo("from.type"));
        given().baseUri(gateway).queryParam("limit", "abc").get("/api/v1/controller/jobs")
                .then().statusCode(400).body("field", equalTo("limit"));
        given().baseUri(gateway).queryParam("limit", 0).get("/api/v1/controller/jobs")
                .then().statusCode(400).body("field", equalTo("limit"));
        given().baseUri(gateway).queryParam("limit", 1001).get("/api/v1/controller/jobs")
                .then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    @Order(4)
    void theEventStreamSendsTheLibraryTheLoadsJobChangesAndTheLibraryAfterItAndForgetsAClientThatLeft()
            throws Exception {
        String tape = "TL0003L5";
        EventStreamClient events = EventStreamClient.open(gateway + "/api/v1/events", Map.of());
        try {
            assertThat(events.status()).isEqualTo(200);
            events.await("library at connect", e -> e.name().equals("library")
                    && !e.json().getBoolean("drives[0].full"), EVENT_WAIT);
            await("the stream counted open").atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 1);

            long id = given().baseUri(gateway).contentType(ContentType.JSON).body("{\"volumeTag\": \"" + tape + "\"}")
                    .post("/api/v1/drives/0/load").then().statusCode(200).extract().jsonPath().getLong("id");

            events.await("the LOAD job running", e -> e.name().equals("job") && e.json().getLong("id") == id
                    && e.json().getString("state").equals("RUNNING"), EVENT_WAIT);
            events.await("the library with " + tape + " in drive 0", e -> e.name().equals("library")
                    && tape.equals(e.json().getString("drives[0].volumeTag")), EVENT_WAIT);
            events.await("the LOAD job succeeded", e -> e.name().equals("job") && e.json().getLong("id") == id
                    && e.json().getString("state").equals("SUCCEEDED"), EVENT_WAIT);
            EventStreamClient.Event status = events.await("a status", e -> e.name().equals("status"), EVENT_WAIT);
            assertThat(status.json().getLong("cacheMaxBytes")).isPositive();
        } finally {
            events.close();
        }

        await("the gateway forgot the client that left").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> openStreams() == 0);
    }

    @Test
    @Order(5)
    void aForwardWhileTheControllerIsAwayIs503() throws Exception {
        pair.controller.stop();

        given().baseUri(gateway).get("/api/v1/library").then().statusCode(503)
                .body("error", containsString("UNAVAILABLE"));
        given().baseUri(gateway).post("/api/v1/drives/0/unload").then().statusCode(503);
    }

    /** The gauge of open event streams, from the gateway's Prometheus metrics. */
    private double openStreams() {
        String metrics = given().baseUri(gateway).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("tapelib_events_streams"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private int storageSlotOf(String tape) {
        return given().baseUri(controller).get("/api/v1/library").then().statusCode(200).extract().jsonPath()
                .getInt("storageSlots.find { it.volumeTag == '" + tape + "' }.number");
    }
}

package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The operator's REST API against the virtual library. */
@QuarkusTest
@TestProfile(VirtualLibraryProfile.class)
class TapeLibraryRestTest {

    @BeforeEach
    void emptyTheDrive() {
        Boolean full = given().get("/api/v1/library").then().statusCode(200).extract().path("drives[0].full");
        if (Boolean.TRUE.equals(full)) {
            given().contentType(ContentType.JSON).body("{}").post("/api/v1/drives/0/unload").then().statusCode(200);
        }
    }

    @Test
    void libraryShowsTheMsl4048Inventory() {
        given().get("/api/v1/library").then().statusCode(200)
                .body("drives.size()", equalTo(1))
                .body("storageSlots.size()", equalTo(48))
                .body("importExportSlots.size()", equalTo(3))
                .body("storageSlots[0].volumeTag", equalTo("TL0001L5"))
                .body("storageSlots[47].volumeTag", equalTo("CLN001L1"))
                .body("storageSlots[47].cleaning", equalTo(true));
    }

    @Test
    void libraryShowsTheTimingsAndMetricsTheSimulatedSeconds() {
        given().get("/api/v1/library").then().statusCode(200)
                .body("timings.robotMoveSeconds", equalTo(20.0f))
                .body("timings.scale", equalTo(0.0f));
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0002L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double simulated = metrics.lines().filter(l -> l.startsWith("tapelib_virtual_simulated_seconds "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        assertThat(simulated).as("a robot move and a load at least were charged").isGreaterThanOrEqualTo(32.0);
    }

    @Test
    void loadAndUnloadMoveTheCartridgeAndAreRecordedAsJobs() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0002L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(200).body("type", equalTo("LOAD")).body("state", equalTo("SUCCEEDED"))
                .body("volumeTag", equalTo("TL0002L5"));
        given().get("/api/v1/library").then().statusCode(200)
                .body("drives[0].full", equalTo(true))
                .body("drives[0].volumeTag", equalTo("TL0002L5"))
                .body("drives[0].sourceSlot", equalTo(2))
                .body("storageSlots[1].full", equalTo(false));

        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0003L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(409).body("error", containsString("TL0002L5"));

        given().contentType(ContentType.JSON).body("{}").post("/api/v1/drives/0/unload")
                .then().statusCode(200).body("type", equalTo("UNLOAD")).body("state", equalTo("SUCCEEDED"));
        given().get("/api/v1/library").then().statusCode(200)
                .body("drives[0].full", equalTo(false))
                .body("storageSlots[1].volumeTag", equalTo("TL0002L5"));

        List<Map<String, Object>> jobs = given().get("/api/v1/jobs").then().statusCode(200).extract().path("$");
        assertThat(jobs).isNotEmpty();
        assertThat(jobs.get(0)).containsEntry("type", "UNLOAD").containsEntry("volumeTag", "TL0002L5");
        assertThat(jobs).anySatisfy(job -> assertThat(job).containsEntry("type", "LOAD").containsEntry("state", "SUCCEEDED"));
        assertThat(jobs).anySatisfy(job -> assertThat(job).containsEntry("state", "FAILED")
                .hasEntrySatisfying("error", error -> assertThat((String) error).contains("unload it first")));
    }

    @Test
    void loadingACartridgeThatIsAlreadyInADriveIsAConflict() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0005L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(200);
        // the library's state conflicts with the request (unload first): 409, not "try again later"
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0005L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(409).body("error", containsString("already in drive 0"));
    }

    @Test
    void loadBySlotNamesTheCartridge() {
        given().contentType(ContentType.JSON).body("{\"slot\": 4}").post("/api/v1/drives/0/load")
                .then().statusCode(200).body("volumeTag", equalTo("TL0004L5"));
    }

    @Test
    void unknownVolumeTagOrDriveIsNotFound() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"XX9999L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(404).body("error", containsString("XX9999L5"));
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0001L5\"}").post("/api/v1/drives/7/load")
                .then().statusCode(404).body("error", containsString("no drive 7"));
    }

    @Test
    void cleaningCartridgeIsRefusedAndStaysInItsSlot() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"CLN001L1\"}").post("/api/v1/drives/0/load")
                .then().statusCode(409).body("error", containsString("cleaning cartridge"));
        given().get("/api/v1/library").then().statusCode(200)
                .body("drives[0].full", equalTo(false))
                .body("storageSlots[47].volumeTag", equalTo("CLN001L1"));
    }

    @Test
    void badBodyIsRefused() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0001L5\", \"slot\": 1}").post("/api/v1/drives/0/load")
                .then().statusCode(400).body("error", containsString("exactly one"));
    }

    @Test
    void recoverOfAnUnknownTagIsNotFoundAndOfABlankCartridgeIsAConflict() {
        given().post("/api/v1/tapes/XX9999L5/recover").then().statusCode(404).body("error", containsString("XX9999L5"));
        // TL0008L5 is never written by these tests: blank, nothing to recover and never written by a recover
        given().post("/api/v1/tapes/TL0008L5/recover").then().statusCode(409).body("error", containsString("BLANK"));
        List<Map<String, Object>> jobs = given().get("/api/v1/jobs").then().statusCode(200).extract().path("$");
        assertThat(jobs).anySatisfy(job -> assertThat(job).containsEntry("type", "RECOVER")
                .containsEntry("volumeTag", "TL0008L5").containsEntry("state", "FAILED"));
    }

    @Test
    void readinessReportsTheLibrary() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}

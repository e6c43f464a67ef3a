package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tapelib.controller.config.LibraryProducer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Export, import and move through the REST API, with every refusal an operator can meet. */
@QuarkusTest
@TestProfile(MailSlotProfile.class)
class MailSlotRestTest {

    @Inject
    LibraryProducer.OpenLibrary open;

    @BeforeEach
    void operatorCartridgeWaits() {
        MailSlotProfile.operatorCartridgeInMailSlot(open, given().get("/api/v1/library").asString());
    }

    /** Back to a full storage: what a test exported returns to the storage elements it left. */
    @AfterEach
    void importWhatWasExported() {
        JsonPath library = given().get("/api/v1/library").then().statusCode(200).extract().jsonPath();
        if (library.getBoolean("drives[0].full")) {
            given().post("/api/v1/drives/0/unload").then().statusCode(200);
        }
        for (int slot = 49; slot <= 50; slot++) {
            if (library.getBoolean("importExportSlots.find { it.number == " + slot + " }.full")) {
                given().contentType(ContentType.JSON).body("{\"importExportSlot\": " + slot + "}").post("/api/v1/import")
                        .then().statusCode(200);
            }
        }
    }

    private static JsonPath library() {
        return given().get("/api/v1/library").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void exportedCartridgeShowsInItsMailSlotAndImportBringsItBack() {
        given().post("/api/v1/tapes/TL0005L5/export").then().statusCode(200)
                .body("type", equalTo("EXPORT")).body("state", equalTo("SUCCEEDED"))
                .body("volumeTag", equalTo("TL0005L5")).body("drive", equalTo(-1)).body("slot", equalTo(5))
                .body("detail", equalTo("storage element 5 to import/export element 49"));
        assertThat(library().getString("importExportSlots.find { it.number == 49 }.volumeTag")).isEqualTo("TL0005L5");
        assertThat(library().getBoolean("storageSlots.find { it.number == 5 }.full")).isFalse();

        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 49}").post("/api/v1/import").then()
                .statusCode(200).body("type", equalTo("IMPORT")).body("state", equalTo("SUCCEEDED"))
                .body("volumeTag", equalTo("TL0005L5")).body("slot", equalTo(49))
                .body("detail", equalTo("imported TL0005L5 to storage element 5"));
        assertThat(library().getString("storageSlots.find { it.number == 5 }.volumeTag")).isEqualTo("TL0005L5");
        given().get("/api/v1/jobs?limit=2").then().statusCode(200)
                .body("[0].type", equalTo("IMPORT")).body("[1].type", equalTo("EXPORT"));
    }

    @Test
    void exportOfALoadedCartridgeUnloadsItIntoTheNamedMailSlot() {
        given().contentType(ContentType.JSON).body("{\"volumeTag\": \"TL0002L5\"}").post("/api/v1/drives/0/load")
                .then().statusCode(200);

        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 50}").post("/api/v1/tapes/TL0002L5/export")
                .then().statusCode(200).body("drive", equalTo(0)).body("slot", nullValue())
                .body("detail", equalTo("data transfer element 0 to import/export element 50"));

        JsonPath library = library();
        assertThat(library.getBoolean("drives[0].full")).isFalse();
        assertThat(library.getString("importExportSlots.find { it.number == 50 }.volumeTag")).isEqualTo("TL0002L5");
    }

    @Test
    void exportRefusals() {
        given().post("/api/v1/tapes/NOPE01L5/export").then().statusCode(404)
                .body("error", containsString("NOPE01L5"));
        given().post("/api/v1/tapes/" + "A".repeat(3000) + "/export").then().statusCode(400)
                .body("error", containsString("barcode")).body("error", not(containsString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 52}").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(404).body("error", containsString("no import/export element 52"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": -3}").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(400).body("error", containsString("importExportSlot"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": \"49\"}").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(400).body("error", containsString("importExportSlot"));
        given().contentType(ContentType.JSON).body("{\"importExportSlto\": 49}").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(400).body("error", containsString("unknown field importExportSlto"));
        given().contentType(ContentType.JSON).body("{not json").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(400).body("error", containsString("body is not JSON"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 51}").post("/api/v1/tapes/TL0001L5/export")
                .then().statusCode(409).body("error", containsString("import/export element 51 holds NEW001L5"));

        given().post("/api/v1/tapes/TL0001L5/export").then().statusCode(200);
        given().post("/api/v1/tapes/TL0001L5/export").then().statusCode(409)
                .body("error", containsString("TL0001L5 is already in import/export element 49"));
        given().post("/api/v1/tapes/TL0002L5/export").then().statusCode(200);
        given().post("/api/v1/tapes/TL0003L5/export").then().statusCode(409)
                .body("error", containsString("no free import/export element for TL0003L5"));
        assertThat(library().getString("storageSlots.find { it.number == 3 }.volumeTag")).isEqualTo("TL0003L5");
    }

    @Test
    void importRefusals() {
        given().post("/api/v1/import").then().statusCode(409)
                .body("error", containsString("no free storage element: NEW001L5 in import/export element 51 stayed"));
        given().get("/api/v1/jobs?limit=1").then().statusCode(200)
                .body("[0].type", equalTo("IMPORT")).body("[0].state", equalTo("FAILED"))
                .body("[0].detail", containsString("NEW001L5"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 49}").post("/api/v1/import").then()
                .statusCode(404).body("error", containsString("import/export element 49 is empty"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 12}").post("/api/v1/import").then()
                .statusCode(404).body("error", containsString("no import/export element 12"));
        given().contentType(ContentType.JSON).body("{\"importExportSlot\": 1.5}").post("/api/v1/import").then()
                .statusCode(400).body("error", containsString("importExportSlot"));
        given().contentType(ContentType.JSON).body("x".repeat(10_000)).post("/api/v1/import").then()
                .statusCode(400).body("error", containsString("at most 4096"));
    }

    @Test
    void importWithRoomForSomeMovesThoseAndSaysWhichStayed() {
        given().post("/api/v1/tapes/TL0009L5/export").then().statusCode(200);

        given().post("/api/v1/import").then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                .body("detail", equalTo("imported TL0009L5 to storage element 9;"
                        + " no free storage element for NEW001L5 in import/export element 51"))
                .body("files", equalTo(1)).body("totalFiles", equalTo(2));
    }

    @Test
    void moveBetweenStorageAndMailSlotAndItsRefusals() {
        String body = "{\"from\": {\"type\": \"STORAGE\", \"number\": 7}, \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 50}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/move").then().statusCode(200)
                .body("type", equalTo("MOVE")).body("volumeTag", equalTo("TL0007L5")).body("slot", equalTo(7));
        assertThat(library().getString("importExportSlots.find { it.number == 50 }.volumeTag")).isEqualTo("TL0007L5");

        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 7}, \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 49}}",
                404, "storage element 7 is empty");
        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 99}, \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 49}}",
                404, "no storage element 99");
        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 8}, \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 51}}",
                409, "import/export element 51 holds NEW001L5");
        move("{\"from\": {\"type\": \"DATA_TRANSFER\", \"number\": 0}, \"to\": {\"type\": \"STORAGE\", \"number\": 7}}",
                400, "from.type DATA_TRANSFER");
        move("{\"from\": {\"type\": \"SHELF\", \"number\": 1}, \"to\": {\"type\": \"STORAGE\", \"number\": 7}}",
                400, "from.type must be STORAGE or IMPORT_EXPORT");
        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 0}, \"to\": {\"type\": \"STORAGE\", \"number\": 7}}",
                400, "from.number");
        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 99999999999}, \"to\": {\"type\": \"STORAGE\", \"number\": 7}}",
                400, "from.number");
        move("{\"from\": {\"type\": \"STORAGE\", \"number\": 8}}", 400, "to is required");
        move("", 400, "body is required");

        move("{\"from\": {\"type\": \"IMPORT_EXPORT\", \"number\": 50}, \"to\": {\"type\": \"STORAGE\", \"number\": 7}}",
                200, "TL0007L5");
    }

    private static void move(String body, int status, String errorPart) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/move").then().statusCode(status)
                .body(status == 200 ? "volumeTag" : "error", containsString(errorPart));
    }
}

package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * {@code POST /api/v1/tapes/{barcode}/format} on the shared virtual library: the refusals, none of which writes
 * anything (TL0008L5 stays blank for the other tests).
 */
@QuarkusTest
@TestProfile(VirtualLibraryProfile.class)
class FormatRestTest {

    private static final String UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    @Test
    void malformedParametersAre400NamingTheField() {
        given().post("/api/v1/tapes/TL0008L5/format?erase=maybe").then().statusCode(400)
                .body("error", containsString("erase"));
        given().post("/api/v1/tapes/TL0008L5/format?expectedUuid=not-a-uuid").then().statusCode(400)
                .body("error", containsString("expectedUuid"));
        given().contentType(ContentType.JSON).body("{\"erase\": false}").post("/api/v1/tapes/TL0008L5/format?erase=true")
                .then().statusCode(400).body("error", containsString("erase"));
    }

    @Test
    void anUnknownTagIs404AndRefusedPreconditionsAre409() {
        given().post("/api/v1/tapes/NOPE99L5/format?erase=true").then().statusCode(404)
                .body("error", containsString("NOPE99L5"));
        given().post("/api/v1/tapes/CLN001L1/format?erase=true").then().statusCode(409)
                .body("error", containsString("cleaning"));
        given().contentType(ContentType.JSON).body("{\"erase\": true, \"expectedUuid\": \"" + UUID + "\"}")
                .post("/api/v1/tapes/TL0008L5/format").then().statusCode(409)
                .body("error", containsString("not the expected " + UUID));
        given().get("/api/v1/jobs").then().statusCode(200).body("find { it.type == 'FORMAT' && it.volumeTag == 'TL0008L5' }.state",
                containsString("FAILED"));
    }
}

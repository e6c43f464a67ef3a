package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, the token, through the real jars with OPERATOR_TOKEN set for both: a REST call without it (or with a wrong
 * one) gets 401 at the gateway and at the controller, one with it succeeds, health needs none; and the gateway still
 * works end to end (a file written at the mount migrates to tape and is recalled from it after an eviction), so its
 * own gRPC calls carry the token.
 */
class OperatorTokenSystemTest {
    private static final String TOKEN = "correct-horse-battery-staple";
    private static final Map<String, String> WITH_TOKEN = Map.of("Authorization", "Bearer " + TOKEN);

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void withTheTokenSetCallsNeedItHealthDoesNotAndTheGatewaysOwnCallsCarryIt() throws Exception {
        pair = new LibraryPair("operator-token", work,
                Map.of("OPERATOR_TOKEN", TOKEN, "TAPELIB_VIRTUAL_CARTRIDGES", "2"),
                Map.of("OPERATOR_TOKEN", TOKEN, "WRITE_DELAY", "1s"));
        pair.start();
        String gateway = pair.gateway.baseUrl();
        String controller = pair.controller.baseUrl();

        for (String base : new String[] {gateway, controller}) {
            given().baseUri(base).get("/api/v1/library").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer")).body("error", containsString("Bearer"));
            given().baseUri(base).header("Authorization", "Bearer wrong-" + TOKEN).get("/api/v1/library")
                    .then().statusCode(401);
            given().baseUri(base).headers(WITH_TOKEN).get("/api/v1/library").then().statusCode(200);
            given().baseUri(base).get("/q/health/ready").then().statusCode(200);
        }
        given().baseUri(gateway).get("/api/v1/status").then().statusCode(401);
        given().baseUri(gateway).headers(WITH_TOKEN).get("/api/v1/status").then().statusCode(200);
        given().baseUri(gateway).post("/api/v1/cache/evict").then().statusCode(401);
        try (EventStreamClient refused = EventStreamClient.open(gateway + "/api/v1/events", Map.of())) {
            assertThat(refused.status()).isEqualTo(401);
        }

        // the gateway's gRPC calls (Migrate, Recall) carry the token: a file goes to tape and comes back
        Path source = work.resolve("source.bin");
        MountFiles.randomFile(source, 2L << 20);
        Files.copy(source, pair.mount.resolve("a.bin"));
        pair.awaitMigrated("a.bin", Duration.ofSeconds(60));
        given().baseUri(gateway).headers(WITH_TOKEN).post("/api/v1/cache/evict").then().statusCode(200);
        assertThat(pair.xattr("a.bin", "tapelib.state")).isEqualTo("offline");
        assertThat(MountFiles.sha256(pair.mount.resolve("a.bin"))).isEqualTo(MountFiles.sha256(source));
        assertThat(pair.controllerLog()).doesNotContain("UNAUTHENTICATED");
    }
}

package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 4, through the real jars and a real mount: {@code cat MOUNT/.tapelib/status} is JSON with the
 * figures of {@code GET /api/v1/status}; {@code ls MOUNT/.tapelib/tapes/} lists every cartridge; a path written, migrated
 * to one cartridge, then overwritten in place while that cartridge is exported (so that the new version goes to another
 * one) shows both versions with their sizes there, the current one readable, the older one refused; {@code ls MOUNT}
 * does not show {@code .tapelib}; changes in it fail with EROFS.
 */
class ControlTreeSystemTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String PATH = "docs/report.bin";
    private static final long FIRST_SIZE = 300_000;
    private static final long SECOND_SIZE = 700_000;

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void theControlDirectoryShowsTheStatusEveryCartridgeAndBothVersionsOfAPathOnTwoCartridges() throws Exception {
        pair = new LibraryPair("control-tree", work, Map.of(), Map.of("WRITE_DELAY", "1s")).start();
        Path mount = pair.mount;
        Files.createDirectories(mount.resolve("docs"));
        MountFiles.writeGenerated(work.resolve("first.bin"), FIRST_SIZE, 1);
        String secondSha256 = MountFiles.writeGenerated(work.resolve("second.bin"), SECOND_SIZE, 2);
        Files.copy(work.resolve("first.bin"), mount.resolve(PATH));
        pair.awaitMigrated(PATH, STEP);
        String first = pair.xattr(PATH, "tapelib.tapes");

        // With its first cartridge out of the library, the new version cannot go there: the write-back picks another.
        // (The file stays in the cache: writing into a file whose content is only on a shelved cartridge would wait for
        // its import, as opening it for writing without the kernel's atomic O_TRUNC recalls it first.)
        long logOffset = pair.gateway.logSize();
        given().baseUri(pair.controller.baseUrl()).post("/api/v1/tapes/" + first + "/export")
                .then().statusCode(lessThan(300));
        await(first + " shelved").atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> pair.gateway.logSince(logOffset).contains("Cartridge " + first + " is shelved"));
        // Overwritten in place (O_TRUNC, as cp does): the same file, so the catalog keeps its copy on the first cartridge.
        Files.write(mount.resolve(PATH), Files.readAllBytes(work.resolve("second.bin")));
        pair.awaitMigrated(PATH, STEP);
        String second = pair.xattr(PATH, "tapelib.tapes");
        assertThat(second).isNotEqualTo(first);

        Path tapes = mount.resolve(".tapelib/tapes");
        assertThat(Commands.run("ls", tapes.toString()).requireSuccess("ls .tapelib/tapes").lines())
                .as("every cartridge, the exported one too").containsExactlyElementsOf(dataCartridges())
                .contains(first, second);
        assertThat(Commands.run("find", tapes.toString(), "-type", "f", "-printf", "%P %s\\n")
                .requireSuccess("find .tapelib/tapes").lines())
                .containsExactlyInAnyOrder(first + "/" + PATH + " " + FIRST_SIZE, second + "/" + PATH + " " + SECOND_SIZE);
        assertThat(Commands.run("sha256sum", tapes.resolve(second).resolve(PATH).toString()).requireSuccess("sha256sum")
                .stdout()).as("the current version reads as the file").startsWith(secondSha256 + " ");
        Commands.Result older = Commands.run("cat", tapes.resolve(first).resolve(PATH).toString());
        assertThat(older.exitCode()).isNotZero();
        assertThat(older.stderr()).contains("No data available");

        Commands.Result cat = Commands.run("cat", mount.resolve(".tapelib/status").toString()).requireSuccess("cat status");
        JsonPath shown = JsonPath.from(cat.stdout());
        JsonPath rest = given().baseUri(pair.gateway.baseUrl()).get("/api/v1/status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(shown.getMap("$").keySet()).isEqualTo(rest.getMap("$").keySet());
        for (String field : List.of("cacheMaxBytes", "dirtyFiles", "lostFiles", "importRequests", "recalls.queued")) {
            assertThat(shown.get(field).toString()).as(field).isEqualTo(rest.get(field).toString());
        }
        assertThat(shown.getLong("cacheUsedBytes")).isPositive();
        assertThat(Commands.run("cat", mount.resolve(".tapelib/lost").toString()).requireSuccess("cat lost").stdout())
                .isEmpty();
        assertThat(Commands.run("cat", mount.resolve(".tapelib/queue").toString()).requireSuccess("cat queue").stdout())
                .isEmpty();

        assertThat(Commands.run("ls", "-a", mount.toString()).requireSuccess("ls").lines())
                .containsExactly(".", "..", "docs");
        assertThat(Commands.run("ls", mount.resolve(".tapelib").toString()).requireSuccess("ls .tapelib").lines())
                .containsExactly("lost", "queue", "status", "tapes");
        for (String[] change : List.of(
                new String[] {"touch", mount.resolve(".tapelib/new").toString()},
                new String[] {"rm", "-f", mount.resolve(".tapelib/status").toString()},
                new String[] {"cp", work.resolve("first.bin").toString(), tapes.resolve(second).resolve("docs").toString()},
                new String[] {"mkdir", tapes.resolve("NEW001L5").toString()},
                new String[] {"mv", mount.resolve(PATH).toString(), mount.resolve(".tapelib/moved").toString()})) {
            Commands.Result refused = Commands.run(change);
            assertThat(refused.exitCode()).as(String.join(" ", change)).isNotZero();
            assertThat(refused.stderr()).as(String.join(" ", change)).contains("Read-only file system");
        }
        assertThat(Files.size(mount.resolve(PATH))).as("the file stayed where it was").isEqualTo(SECOND_SIZE);
    }

    /** The virtual library's cartridges but its cleaning ones (the catalog knows data cartridges only). */
    private List<String> dataCartridges() throws Exception {
        return pair.cartridgeTags().stream().filter(tag -> !tag.startsWith("CLN")).toList();
    }
}

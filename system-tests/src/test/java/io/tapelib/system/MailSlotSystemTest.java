package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.restassured.http.ContentType;
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
 * Issue 13, cartridges out and in through the mail slots, through the real jars: a cartridge that holds a migrated
 * file is exported by REST while it is still in the drive (unloaded first), GET /api/v1/library shows it in an
 * import/export element and nowhere else, an import brings it back to a storage element, and the file reads back
 * from it with its sha256.
 */
class MailSlotSystemTest {

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aCartridgeExportedByRestWaitsInAMailSlotAndAnImportBringsItBackReadable() throws Exception {
        pair = new LibraryPair("mail-slot", work, Map.of(), Map.of("WRITE_DELAY", "1s"));
        pair.start();
        Path source = pair.work.resolve("a.bin");
        MountFiles.randomFile(source, 4L << 20);
        Files.copy(source, pair.mount.resolve("a.bin"));
        pair.awaitMigrated("a.bin", Duration.ofSeconds(60));
        String tape = pair.xattr("a.bin", "tapelib.tapes");
        assertThat(pair.loadedTape()).as("the migration leaves its cartridge in the drive").contains(tape);

        JsonPath export = given().baseUri(pair.controller.baseUrl()).post("/api/v1/tapes/" + tape + "/export")
                .then().statusCode(200).extract().jsonPath();

        assertThat(export.getString("type")).isEqualTo("EXPORT");
        assertThat(export.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(export.getInt("drive")).isZero();
        JsonPath library = library();
        assertThat(library.getList("importExportSlots.findAll { it.full }.volumeTag")).containsExactly(tape);
        assertThat(library.getList("storageSlots.findAll { it.full }.volumeTag", String.class)).doesNotContain(tape);
        assertThat(library.getBoolean("drives[0].full")).isFalse();

        JsonPath imported = given().baseUri(pair.controller.baseUrl()).post("/api/v1/import")
                .then().statusCode(200).extract().jsonPath();

        assertThat(imported.getString("type")).isEqualTo("IMPORT");
        assertThat(imported.getString("detail")).startsWith("imported " + tape + " to storage element ");
        library = library();
        assertThat(library.getList("importExportSlots.findAll { it.full }")).isEmpty();
        List<String> stored = library.getList("storageSlots.findAll { it.full }.volumeTag", String.class);
        assertThat(stored).contains(tape);
        assertThat(pair.jobs().subList(0, 2)).extracting(LibraryPair.Job::type).containsExactly("IMPORT", "EXPORT");

        // the file comes back from the imported cartridge: evicted, then recalled through the gateway (a read of the
        // mount might be answered from the kernel's page cache without reaching tape)
        pair.evictCache();
        assertThat(pair.xattr("a.bin", "tapelib.state")).isEqualTo("offline");
        given().baseUri(pair.gateway.baseUrl()).contentType(ContentType.JSON).body("{\"paths\": [\"/a.bin\"]}")
                .post("/api/v1/recall").then().statusCode(202);
        pair.awaitCached("a.bin", Duration.ofSeconds(60));
        List<LibraryPair.Job> jobs = pair.jobs();
        List<LibraryPair.Job> sinceImport = jobs.subList(0, jobs.indexOf(jobs.stream()
                .filter(j -> j.type().equals("IMPORT")).findFirst().orElseThrow()));
        assertThat(sinceImport).as("the recall loaded and read the imported cartridge")
                .extracting(LibraryPair.Job::type, LibraryPair.Job::volumeTag, LibraryPair.Job::state)
                .containsExactlyInAnyOrder(tuple("LOAD", tape, "SUCCEEDED"), tuple("RECALL", tape, "SUCCEEDED"));
        assertThat(MountFiles.sha256(pair.mount.resolve("a.bin"))).isEqualTo(MountFiles.sha256(source));
    }

    private JsonPath library() {
        return given().baseUri(pair.controller.baseUrl()).get("/api/v1/library").then().statusCode(200).extract().jsonPath();
    }
}

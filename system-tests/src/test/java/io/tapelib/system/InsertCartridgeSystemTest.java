package io.tapelib.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 4, through the real jars and a real mount: a cartridge folder in the layout of the LTFS
 * reference implementation's file backend ({@link ReferenceCartridges}, made by our own format code) is put into a
 * mail slot with {@code tape-controller insert} while the controller runs, on the controller's own HTTP port (a CLI
 * that opened a listener would fail to bind it), with its volume tag from its cartridge memory; the running
 * controller sees it at its next inventory; moved into a storage slot (through a drive: load from the mail slot,
 * unload to the slot) and indexed by the gateway (restarted: its start-up indexing reads new cartridges), its files read
 * back with their sha256. {@code eject} takes a cartridge out of a mail slot in the same layout; the refusals have
 * their exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InsertCartridgeSystemTest {
    private static final String TAG = "REF001L5";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    @AutoClose
    private LibraryPair pair;
    private Path folder;
    private final Map<String, String> sha256 = new TreeMap<>();

    @BeforeAll
    void start() throws Exception {
        Path source = Files.createDirectories(work.resolve("source").resolve("photos"));
        sha256.put("photos/one.bin", MountFiles.writeGenerated(source.resolve("one.bin"), 3L * 1024 * 1024, 11));
        sha256.put("photos/two.bin", MountFiles.writeGenerated(source.resolve("two.bin"), 700_000, 12));
        Files.writeString(source.getParent().resolve("readme.txt"), "made by another LTFS\n");
        sha256.put("readme.txt", MountFiles.sha256(Files.readAllBytes(source.getParent().resolve("readme.txt"))));
        folder = ReferenceCartridges.make(work.resolve("folders"), TAG, work.resolve("source"));
        pair = new LibraryPair("insert-cartridge", work.resolve("pair"), Map.of("TAPELIB_VIRTUAL_CARTRIDGES", "1"),
                Map.of());
        pair.start();
    }

    @Test
    @Order(1)
    void insertPutsTheFolderIntoAMailSlotWhileTheControllerRunsWithoutAListener() throws Exception {
        Commands.Result inserted = pair.controllerCliBesideService("insert", "--cartridge", folder.toString());

        assertThat(inserted.exitCode()).as("%s%s", inserted.stdout(), inserted.stderr()).isZero();
        assertThat(inserted.stdout()).contains("inserted " + TAG + " into import/export element 49");
        assertThat(ReferenceCartridges.names(folder)).as("copied: the operator's folder is left as it was")
                .contains("0_0_R");
        assertThat(mailSlotTags()).as("the running controller's next inventory").contains(TAG);
        assertThat(pair.controllerLog()).contains("an operator changed the import/export elements");
    }

    @Test
    @Order(2)
    void refusalsHaveTheirExitCodes() throws Exception {
        assertThat(pair.controllerCliBesideService("insert", "--cartridge", folder.toString()).exitCode())
                .as("already in the library").isEqualTo(4);
        Path notACartridge = Files.createDirectories(work.resolve("not-a-cartridge"));
        Files.writeString(notACartridge.resolve("notes.txt"), "x");
        Commands.Result refused = pair.controllerCliBesideService("insert", "--cartridge", notACartridge.toString(),
                "--volume-tag", "NOPE01L5");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("not a cartridge folder");
        assertThat(pair.controllerCliBesideService("eject", "--volume-tag", "TL0001L5", "--to",
                work.resolve("out-1").toString()).exitCode()).as("in a storage slot, not a mail slot").isEqualTo(6);
    }

    @Test
    @Order(3)
    void aBlankCartridgeGoesInAndComesOutInTheReferenceLayout() throws Exception {
        assertThat(pair.controllerCliBesideService("insert", "--blank", "BLANK1L5").exitCode()).isZero();
        assertThat(mailSlotTags()).contains("BLANK1L5");

        Path out = work.resolve("out-2").resolve("BLANK1L5");
        Commands.Result ejected = pair.controllerCliBesideService("eject", "--volume-tag", "BLANK1L5", "--to",
                out.toString());

        assertThat(ejected.exitCode()).as(ejected.stderr()).isZero();
        assertThat(ReferenceCartridges.names(out)).contains("0_0_E", "attr_0_806", "filedebug_tc_conf.xml")
                .doesNotContain("cartridge.json");
        assertThat(mailSlotTags()).doesNotContain("BLANK1L5");
    }

    @Test
    @Order(4)
    void theInsertedCartridgeMovedIntoAStorageSlotIsIndexedAndItsFilesReadBack() throws Exception {
        // the operator's import: the robot moves it from the mail slot into a free storage slot, the controller sends
        // the library event, and the running gateway indexes the volume tag it does not know
        given().baseUri(pair.controller.baseUrl()).contentType("application/json").body("{}")
                .post("/api/v1/import").then().statusCode(200);
        assertThat(mailSlotTags()).doesNotContain(TAG);

        await("the new cartridge's files listed").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(pair.mount.resolve("photos/two.bin")));
        for (Map.Entry<String, String> file : sha256.entrySet()) {
            Path path = pair.mount.resolve(file.getKey());
            assertThat(MountFiles.xattr(path, "tapelib.tapes")).isEqualTo(TAG);
            assertThat(MountFiles.sha256(path)).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    private List<String> mailSlotTags() {
        List<String> tags = given().baseUri(pair.controller.baseUrl()).get("/api/v1/library").then().statusCode(200)
                .extract().jsonPath().getList("importExportSlots.volumeTag");
        return tags.stream().filter(t -> t != null).toList();
    }
}

package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.control.ControlTree;
import io.tapelib.gateway.status.GatewayStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /.tapelib} on a real FUSE mount of {@link TapeLibraryFuse} with the mount's own options ({@code kernel_cache},
 * 1 s attributes): a status that grows at every rendering still reads whole with {@code cat} (direct_io: past the
 * size stat showed, never an earlier open's pages), the root's listing does not show the directory, and changes in
 * it fail as the shell reports them. Needs root, /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
class ControlTreeAtTheMountTest {
    private final ObjectMapper json = new ObjectMapper();
    /** Each rendering of the status lists one lost file more than the one before. */
    private final AtomicInteger renderings = new AtomicInteger();

    @TempDir
    Path temp;

    private RealMount mounted;
    private Path mount;

    @BeforeEach
    void mountWithControlDirectory() throws Exception {
        mounted = new RealMount(temp, 10_000_000, (catalog, tree) -> new ControlTree(tree, catalog, this::growingStatus,
                List::of, json, Clock.systemUTC()));
        mount = mounted.mountPoint;
        Files.writeString(mount.resolve("file"), "x");
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    @Test
    void catReadsTheWholeStatusOfItsOwnOpenPastTheSizeStatShowed() throws Exception {
        long statSize = Long.parseLong(RealMount.run(0, "stat", "-c", "%s", mount.resolve(".tapelib/status").toString())
                .strip());

        String first = RealMount.run(0, "cat", mount.resolve(".tapelib/status").toString());
        String second = RealMount.run(0, "cat", mount.resolve(".tapelib/status").toString());

        assertThat(first).endsWith("}\n");
        assertThat((long) first.length()).as("a later rendering is longer than the one stat measured")
                .isGreaterThan(statSize);
        assertThat(lostCount(second)).as("a new open renders anew, not from the page cache")
                .isGreaterThan(lostCount(first));
    }

    @Test
    void theRootsListingHidesItAndItListsItsEntries() {
        assertThat(RealMount.run(0, "ls", "-a", mount.toString()).lines()).containsExactly(".", "..", "file");
        assertThat(RealMount.run(0, "ls", mount.resolve(".tapelib").toString()).lines())
                .containsExactly("lost", "queue", "status", "tapes");
        assertThat(RealMount.run(0, "cat", mount.resolve(".tapelib/lost").toString())).as("one path a line")
                .startsWith("/lost/file-0\n/lost/file-1\n").endsWith("\n");
    }

    @Test
    void changesInItFailAsReadOnlyAndItsNameCannotBeTaken() {
        assertThat(RealMount.run(1, "touch", mount.resolve(".tapelib/new").toString()))
                .contains("Read-only file system");
        assertThat(RealMount.run(2, "sh", "-c", "echo x > " + mount.resolve(".tapelib/status")))
                .contains("Read-only file system");
        assertThat(RealMount.run(1, "rm", "-f", mount.resolve(".tapelib/status").toString()))
                .contains("Read-only file system");
        assertThat(RealMount.run(1, "mv", mount.resolve("file").toString(), mount.resolve(".tapelib/file").toString()))
                .contains("Read-only file system");
        assertThat(RealMount.run(1, "mkdir", mount.resolve(".tapelib").toString())).contains("File exists");
        assertThat(RealMount.run(1, "getfattr", "-n", "user.tapelib.state", mount.resolve(".tapelib/status").toString()))
                .contains("No such attribute");
        assertThat(mounted.catalog.inodeCount()).as("the root and file").isEqualTo(2);
    }

    private GatewayStatus growingStatus() {
        List<String> lost = new ArrayList<>();
        IntStream.range(0, renderings.incrementAndGet()).forEach(i -> lost.add("/lost/file-" + i));
        try {
            return json.readValue(json.writeValueAsString(java.util.Map.of("lostFiles", lost)), GatewayStatus.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int lostCount(String statusJson) throws Exception {
        JsonNode lost = json.readTree(statusJson).get("lostFiles");
        for (int i = 0; i < lost.size(); i++) {
            assertThat(lost.get(i).asText()).as("the list is whole").isEqualTo("/lost/file-" + i);
        }
        return lost.size();
    }
}

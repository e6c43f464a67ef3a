package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CatalogNamespace#listing}, what the mount's readdir shows: the same names, inodes and kinds as
 * {@link CatalogNamespace#readdir}, readdir's errors, and every change (through the namespace, or a cartridge
 * catalogued behind it) in the very next listing.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class NamespaceListingTest {
    private static final Instant TAPE_TIME = Instant.parse("2024-11-05T08:00:00Z");

    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    private static List<String> describe(DirectoryListing listing) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            entries.add(listing.name(i) + "=" + listing.inode(i) + "/" + listing.kind(i));
        }
        return entries;
    }

    private static List<String> describe(List<DirectoryEntry> entries) {
        return entries.stream().map(e -> e.name() + "=" + e.attributes().inode() + "/" + e.attributes().kind()).toList();
    }

    private List<String> names(String path) {
        DirectoryListing listing = namespace.listing(path);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            names.add(listing.name(i));
        }
        return names;
    }

    private void write(String path, String content) {
        long handle = namespace.create(path, 0644, 0, 0);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        namespace.release(handle);
    }

    @Test
    void theListingHasReaddirsNamesInodesAndKindsInReaddirsOrder() {
        namespace.mkdir("/d", 0755, 0, 0);
        namespace.mkdir("/d/sub", 0700, 0, 0);
        write("/d/b.txt", "bytes");
        namespace.symlink("b.txt", "/d/a-link", 0, 0);
        namespace.mknod("/d/pipe", FileKind.FIFO, 0600, 0, 0, 0);
        namespace.link("/d/b.txt", "/d/sub/b-again");

        assertThat(describe(namespace.listing("/d"))).isEqualTo(describe(namespace.readdir("/d"))).hasSize(4);
        assertThat(describe(namespace.listing("/d/sub"))).isEqualTo(describe(namespace.readdir("/d/sub")))
                .containsExactly("b-again=" + namespace.getattr("/d/b.txt").inode() + "/FILE");
        assertThat(describe(namespace.listing("/"))).isEqualTo(describe(namespace.readdir("/")));
    }

    @Test
    void aFileOrAMissingPathAnswersAsReaddirDoes() {
        write("/f", "x");

        assertThatThrownBy(() -> namespace.listing("/f")).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTDIR);
        assertThatThrownBy(() -> namespace.listing("/missing")).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);
        assertThatThrownBy(() -> namespace.listing("/f/below")).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTDIR);
    }

    @Test
    void eachChangeThroughTheNamespaceShowsInTheNextListing() {
        namespace.mkdir("/d", 0755, 0, 0);
        assertThat(names("/d")).isEmpty();
        write("/d/a", "1");
        assertThat(names("/d")).containsExactly("a");
        namespace.mknod("/d/b", FileKind.FILE, 0644, 0, 0, 0);
        assertThat(names("/d")).containsExactly("a", "b");
        namespace.rename("/d/a", "/d/c");
        assertThat(names("/d")).containsExactly("b", "c");
        namespace.mkdir("/e", 0755, 0, 0);
        assertThat(names("/e")).isEmpty();
        namespace.rename("/d/c", "/e/c");
        assertThat(names("/d")).containsExactly("b");
        assertThat(names("/e")).containsExactly("c");
        namespace.rename("/e", "/d/e");
        assertThat(names("/")).containsExactly("d");
        assertThat(names("/d")).containsExactly("b", "e");
        assertThat(names("/d/e")).containsExactly("c");
        namespace.unlink("/d/e/c");
        assertThat(names("/d/e")).isEmpty();
        namespace.rmdir("/d/e");
        assertThat(names("/d")).containsExactly("b");
    }

    @Test
    void aCartridgeCataloguedBehindTheNamespaceShowsInTheNextListing() {
        namespace.mkdir("/docs", 0755, 0, 0);
        write("/docs/local.txt", "mine");
        assertThat(names("/docs")).containsExactly("local.txt");

        VolumeRecord volume = new VolumeRecord("A00001L5", "uuid", VolumeState.LTFS, 1, 1_000_000_000L, 900_000_000L,
                524_288, TAPE_TIME);
        fixture.catalog().importVolume(volume, List.of(
                new TapeEntry("docs", FileKind.DIRECTORY, 0, 0755, 0, 0, TAPE_TIME, null, null, null, null, null, null),
                new TapeEntry("docs/on-tape.txt", FileKind.FILE, 0, 0644, 0, 0, TAPE_TIME, null, null, null, null,
                        null, null)).iterator());

        assertThat(names("/docs")).containsExactly("local.txt", "on-tape.txt");
    }
}

package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CatalogNamespace#listingWithAttributes}, what READDIRPLUS gives the kernel to cache as a lookup's answer:
 * each entry's attributes exactly as getattr answers them, for every kind of entry, none where the listing cannot
 * vouch for them (hard-linked files and their further names, devices, files with writes not recorded yet), and every
 * change of an entry's attributes in the very next listing.
 */
@ExtendWith(NamespaceFixtureExtension.class)
class ListingAttributesTest {
    private CatalogNamespace namespace;

    private void write(String path, String content) {
        long handle = namespace.create(path, 0644, 0, 0);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        namespace.flush(handle);
        namespace.release(handle);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String describe(FileAttributes a) {
        return a.inode() + " " + a.kind() + " " + Integer.toOctalString(a.mode()) + " " + a.uid() + ":" + a.gid() + " "
                + a.size() + " bytes " + a.nlink() + " links " + nanos(a.atime()) + " " + nanos(a.mtime()) + " "
                + nanos(a.ctime());
    }

    private static String describe(DirectoryListing listing, int i) {
        return listing.inode(i) + " " + listing.kind(i) + " " + Integer.toOctalString(listing.mode(i)) + " "
                + listing.uid(i) + ":" + listing.gid(i) + " " + listing.size(i) + " bytes " + listing.nlink(i)
                + " links " + listing.atimeNanos(i) + " " + listing.mtimeNanos(i) + " " + listing.ctimeNanos(i);
    }

    /** Each entry of the listing as "name: attributes", or "name: none" where it gives none. */
    private List<String> listed(String directory) {
        DirectoryListing listing = namespace.listingWithAttributes(directory);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            entries.add(listing.name(i) + ": " + (listing.hasAttributes(i) ? describe(listing, i) : "none"));
        }
        return entries;
    }

    /** What getattr answers for each of the names, in the form of {@link #listed}. */
    private List<String> gotten(String directory, String... names) {
        List<String> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(name + ": " + describe(namespace.getattr(directory + "/" + name)));
        }
        return entries;
    }

    @Test
    void everyKindOfEntryIsListedWithWhatGetattrAnswers() {
        namespace.mkdir("/d", 0750, 12, 34);
        namespace.mkdir("/d/sub", 0700, 0, 0);
        namespace.mkdir("/d/sub/one", 0700, 0, 0);
        namespace.mkdir("/d/sub/two", 0700, 0, 0);
        write("/d/sub/file", "not a directory");
        write("/d/f", "some bytes");
        namespace.chown("/d/f", 56, 78);
        namespace.utimens("/d/f", TimeChange.at(Instant.parse("2020-01-02T03:04:05.123456789Z")),
                TimeChange.at(Instant.parse("2021-01-02T03:04:05.987654321Z")));
        namespace.symlink("f", "/d/s", 9, 10);
        namespace.mknod("/d/p", FileKind.FIFO, 0600, 0, 0, 0);
        namespace.mknod("/d/sock", FileKind.SOCKET, 0600, 0, 0, 0);

        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "p", "s", "sock", "sub"));
        assertThat(namespace.getattr("/d/sub").nlink()).isEqualTo(4);
        assertThat(listed("/")).containsExactlyElementsOf(gotten("", "d"));
    }

    @Test
    void hardLinkedFilesAndDevicesAreListedWithoutAttributes() {
        namespace.mkdir("/d", 0755, 0, 0);
        write("/d/linked", "two names");
        namespace.link("/d/linked", "/d/again");
        namespace.mknod("/d/tty", FileKind.CHARACTER_DEVICE, 0620, 0, 0, 0x0401);
        write("/d/single", "one name");

        assertThat(listed("/d")).containsExactly("again: none", "linked: none", gotten("/d", "single").get(0),
                "tty: none");
        namespace.unlink("/d/again");
        List<String> expected = new ArrayList<>(gotten("/d", "linked", "single"));
        expected.add("tty: none");
        assertThat(listed("/d")).as("one name again").containsExactlyElementsOf(expected);
    }

    @Test
    void aChangeOfAnEntrysAttributesShowsInTheNextListing() {
        namespace.mkdir("/d", 0755, 0, 0);
        namespace.mkdir("/d/sub", 0755, 0, 0);
        write("/d/f", "first");
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "sub"));

        namespace.chmod("/d/f", 0600);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "sub"));
        namespace.chown("/d/f", 1, 2);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "sub"));
        namespace.truncate("/d/f", 2);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "sub"));
        namespace.mkdir("/d/sub/deeper", 0755, 0, 0);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f", "sub"));
        assertThat(namespace.getattr("/d/sub").nlink()).isEqualTo(3);
        namespace.rename("/d/sub/deeper", "/d/deeper");
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "deeper", "f", "sub"));
        namespace.link("/d/f", "/d/sub/f-again");
        assertThat(listed("/d")).containsExactlyElementsOf(List.of(gotten("/d", "deeper").get(0), "f: none",
                gotten("/d", "sub").get(0)));
        namespace.unlink("/d/sub/f-again");
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "deeper", "f", "sub"));
        namespace.setxattr("/d/f", "user.note", "x".getBytes(StandardCharsets.UTF_8), false, false);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "deeper", "f", "sub"));
    }

    @Test
    void aFileWithWritesNotRecordedYetIsListedWithTheirSizeAndTimes() {
        namespace.mkdir("/d", 0755, 0, 0);
        write("/d/f", "first");
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f"));

        long handle = namespace.open("/d/f", true, false);
        byte[] more = "and more bytes".getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(more), 5, more.length);

        assertThat(listed("/d")).as("recorded before the listing").containsExactlyElementsOf(gotten("/d", "f"));
        assertThat(namespace.getattr("/d/f").size()).isEqualTo(5 + more.length);
        namespace.write(handle, ByteBuffer.wrap(more), 5 + more.length, more.length);
        namespace.flush(handle);
        namespace.release(handle);
        assertThat(namespace.getattr("/d/f").size()).isEqualTo(5 + 2 * more.length);
        assertThat(listed("/d")).containsExactlyElementsOf(gotten("/d", "f"));
    }
}

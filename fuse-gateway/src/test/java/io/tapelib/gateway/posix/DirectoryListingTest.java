package io.tapelib.gateway.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link DirectoryListing}: entries in order, names as C strings back to back, and the copy a filler passes on. */
class DirectoryListingTest {

    @Test
    void entriesKeepTheirOrderAndEachNameIsACStringAtItsOffset() {
        DirectoryListing.Builder builder = DirectoryListing.builder(1);
        for (int i = 0; i < 300; i++) {
            builder.add("entry-" + i + "-" + "x".repeat(i % 40), 1000 + i, i % 2 == 0 ? FileKind.FILE : FileKind.DIRECTORY);
        }
        builder.add("café-€", 7, FileKind.SYMLINK);
        DirectoryListing listing = builder.build();

        assertThat(listing.size()).isEqualTo(301);
        ByteBuffer copy = ByteBuffer.allocate(listing.namesLength() + 3);
        copy.put(new byte[] {'.', '.', 0});
        listing.copyNames(copy);
        assertThat(copy.position()).isEqualTo(3 + listing.namesLength());
        for (int i = 0; i < listing.size(); i++) {
            String expected = i < 300 ? "entry-" + i + "-" + "x".repeat(i % 40) : "café-€";
            assertThat(listing.name(i)).isEqualTo(expected);
            byte[] utf8 = expected.getBytes(StandardCharsets.UTF_8);
            int at = 3 + listing.nameOffset(i);
            byte[] stored = new byte[utf8.length];
            copy.get(at, stored);
            assertThat(stored).as("entry %d's bytes at its offset", i).isEqualTo(utf8);
            assertThat(copy.get(at + utf8.length)).as("entry %d ends in NUL", i).isZero();
        }
        assertThat(listing.inode(299)).isEqualTo(1299);
        assertThat(listing.kind(299)).isEqualTo(FileKind.DIRECTORY);
        assertThat(listing.kind(300)).isEqualTo(FileKind.SYMLINK);
        assertThat(listing.indexOf("café-€")).isEqualTo(300);
        assertThat(listing.indexOf("entry-1")).as("a prefix of a name is no name").isEqualTo(-1);
    }

    @Test
    void withoutDropsOneNameAndKeepsTheRest() {
        DirectoryListing listing = DirectoryListing.builder(3).add("a", 1, FileKind.FILE)
                .add(".tapelib", 2, FileKind.DIRECTORY).add("z", 3, FileKind.FIFO).build();

        DirectoryListing shown = listing.without(".tapelib");

        assertThat(shown.size()).isEqualTo(2);
        assertThat(shown.name(0)).isEqualTo("a");
        assertThat(shown.name(1)).isEqualTo("z");
        assertThat(shown.inode(1)).isEqualTo(3);
        assertThat(shown.kind(1)).isEqualTo(FileKind.FIFO);
        assertThat(shown.namesLength()).isEqualTo(4);
        assertThat(listing.without("missing")).isSameAs(listing);
        assertThat(DirectoryListing.builder(0).build().size()).isZero();
    }

    @Test
    void aNameWithANulByteIsRefused() {
        assertThatThrownBy(() -> DirectoryListing.builder(1).add("a\0b", 1, FileKind.FILE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

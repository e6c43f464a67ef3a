package io.tapelib.controller.ltfs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Special files, link groups and binary extended attributes in an index written and read back: the form another
 * LTFS implementation reads (empty files, shared extents, base64 values) and the entries this reader restores.
 */
class SpecialEntriesXmlTest {

    private static final Instant T = Instant.parse("2030-01-02T03:04:05.000000001Z");

    @Test
    void specialFilesLinkGroupsAndBinaryValuesSurviveTheIndex() throws Exception {
        IndexHeader header = new IndexHeader("2.4.0", "x", null, "1f7b6800-dfff-44fe-aa75-13b9c30c7bcf", 3,
                T, new IndexLocation(1, 40), Optional.of(new IndexLocation(1, 20)), true, 20, "unlocked", null,
                Optional.empty());
        IndexEntry root = new IndexEntry("", EntryKind.DIRECTORY, 0, 0755, 0, 0, T, T, T, T, null, List.of(), Map.of(),
                1, false);
        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 1, '&'};
        List<Extent> shared = List.of(new Extent(1, 30, 0, 10, 0));
        List<IndexEntry> entries = List.of(
                special("fifo", EntryKind.FIFO, 0, 2),
                special("null", EntryKind.CHARACTER_DEVICE, DeviceNumbers.makedev(1, 3), 3),
                special("big", EntryKind.BLOCK_DEVICE, DeviceNumbers.makedev(259, 1_048_575), 4),
                special("sock", EntryKind.SOCKET, 0, 5),
                new IndexEntry("one", EntryKind.FILE, 10, 0640, 1000, 100, T, T, T, T, null, shared,
                        Map.of("bin", XattrValue.of(binary), "text", XattrValue.ofText("plain"),
                                LtfsVolume.SHA256_XATTR, XattrValue.ofText("ab")), 6, false, 0, "6"),
                new IndexEntry("two", EntryKind.FILE, 10, 0640, 1000, 100, T, T, T, T, null, shared,
                        Map.of("bin", XattrValue.of(binary)), 7, false, 0, "6"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IndexXmlWriter.write(out, header, root, entries.iterator());

        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml).contains("<key>ltfs.vendor.tapelib.type</key>\n<value>fifo</value>",
                "<value>chardev</value>", "<value>blockdev</value>", "<value>socket</value>",
                "<key>ltfs.vendor.tapelib.rdev</key>\n<value>1:3</value>", "<value>259:1048575</value>",
                "<key>ltfs.vendor.tapelib.linkgroup</key>\n<value>6</value>",
                "<value type=\"base64\">AP/+ASY=</value>", "<value>plain</value>");
        assertThat(xml.split("<file>", -1)).as("every entry is a file element another implementation reads")
                .hasSize(entries.size() + 1);
        IndexXmlReaderTest.Collected back = IndexXmlReaderTest.parse(out.toByteArray());
        for (IndexEntry entry : entries) {
            assertThat(back.entries.get(entry.path())).as(entry.path()).isEqualTo(entry);
        }
        assertThat(back.entries.get("big").xattrs()).as("vendor attributes are fields, not xattrs").isEmpty();
        assertThat(DeviceNumbers.major(back.entries.get("big").deviceNumber())).isEqualTo(259);
        assertThat(DeviceNumbers.minor(back.entries.get("big").deviceNumber())).isEqualTo(1_048_575);
    }

    @Test
    void anUnknownVendorTypeIsAPlainFile() {
        assertThat(SpecialFiles.kind(Map.of(SpecialFiles.TYPE, XattrValue.ofText("door")))).isEqualTo(EntryKind.FILE);
        assertThat(DeviceNumbers.makedev(8, 1)).isEqualTo(0x801);
    }

    private static IndexEntry special(String path, EntryKind kind, long device, long uid) {
        return new IndexEntry(path, kind, 0, 0600, 1000, 100, T, T, T, T, null, List.of(), Map.of(), uid, false,
                device, "");
    }
}

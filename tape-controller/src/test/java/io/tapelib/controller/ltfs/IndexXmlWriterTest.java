package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class IndexXmlWriterTest {

    private static byte[] rewrite(IndexXmlReaderTest.Collected index) {
        List<IndexEntry> entries = new ArrayList<>(index.entries.values());
        IndexEntry root = entries.remove(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexXmlWriter.write(out, index.header, root, entries.iterator());
        return out.toByteArray();
    }

    /** Every start tag as a slash-separated element path, in document order: the structure of an index. */
    static List<String> elementPaths(byte[] xml) throws Exception {
        XMLStreamReader reader = XMLInputFactory.newDefaultFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
        List<String> paths = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                path.append('/').append(reader.getLocalName());
                paths.add(path.toString());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                path.setLength(path.lastIndexOf("/"));
            }
        }
        return paths;
    }

    private static List<String> lines(byte[] xml) {
        return Arrays.asList(new String(xml, StandardCharsets.UTF_8).split("\n", -1));
    }

    @Test
    void roundTripOfTheFixtureGivesEqualEntriesAndHeader() {
        IndexXmlReaderTest.Collected original = IndexXmlReaderTest.parse(SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE));

        IndexXmlReaderTest.Collected again = IndexXmlReaderTest.parse(rewrite(original));

        assertThat(again.entries).containsExactlyEntriesOf(original.entries);
        assertThat(again.header.volumeUuid()).isEqualTo(original.header.volumeUuid());
        assertThat(again.header.generation()).isEqualTo(original.header.generation());
        assertThat(again.header.location()).isEqualTo(original.header.location());
        assertThat(again.header.previousGeneration()).isEqualTo(original.header.previousGeneration());
        assertThat(again.header.updateTime()).isEqualTo(original.header.updateTime());
        assertThat(again.header.highestFileUid()).isEqualTo(9);
        assertThat(again.header.volumeLockState()).isEqualTo("unlocked");
        assertThat(again.header.volumeName()).isEqualTo("TestVol");
    }

    @Test
    void rewritingTheFixtureGivesTheReferenceDocumentLineForLineExceptTheCreator() {
        byte[] reference = SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE);

        byte[] ours = rewrite(IndexXmlReaderTest.parse(reference));

        List<String> referenceLines = lines(reference);
        List<String> ourLines = lines(ours);
        assertThat(ourLines).hasSameSizeAs(referenceLines);
        for (int i = 0; i < referenceLines.size(); i++) {
            if (referenceLines.get(i).startsWith("<creator>")) {
                assertThat(ourLines.get(i)).isEqualTo("<creator>" + IndexXmlWriter.CREATOR + "</creator>");
            } else {
                assertThat(ourLines.get(i)).as("line %d", i + 1).isEqualTo(referenceLines.get(i));
            }
        }
    }

    @Test
    void anIndexBuiltByHandLikeTheFixtureHasTheFixturesElementOrder() throws Exception {
        // the fixture's content, written from entries a caller builds (not from a parse of the fixture)
        Instant t = Instant.parse("2026-11-23T00:27:30.818188567Z");
        IndexHeader header = new IndexHeader("2.4.0", "x", null, "1f7b6800-dfff-44fe-aa75-13b9c30c7bcf", 3,
                t, new IndexLocation(0, 5), Optional.of(new IndexLocation(1, 17)), true, 9, "unlocked", "TestVol");
        IndexEntry root = dir("", 1, t);
        List<IndexEntry> entries = List.of(
                dir("docs", 2, t),
                dir("docs/sub", 3, t),
                file("docs/hello.txt", 11, 4, t, XattrValue.texts(Map.of("mykey", "myvalue")), List.of(new Extent(1, 7, 0, 11, 0))),
                file("docs/big.bin", 1_200_000, 5, t, Map.of(), List.of(new Extent(1, 8, 0, 1_200_000, 0))),
                file("docs/after-sync.txt", 11, 9, t, Map.of(), List.of(new Extent(1, 15, 0, 11, 0))),
                file("empty.txt", 0, 6, t, Map.of(), List.of()),
                file("name:with*special%chars?.txt", 1, 7, t, Map.of(), List.of(new Extent(1, 11, 0, 1, 0))),
                new IndexEntry("link-to-hello", EntryKind.SYMLINK, 0, 0444, 0, 0, t, t, t, t, "docs/hello.txt",
                        List.of(), XattrValue.texts(Map.of("ltfs.vendor.IBM.prefixLength", "0")), 8, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IndexXmlWriter.write(out, header, root, entries.iterator());

        assertThat(elementPaths(out.toByteArray())).containsExactlyElementsOf(
                elementPaths(SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE)));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ltfsindex version=\"2.4.0\">\n")
                .contains("<name percentencoded=\"true\">name%3Awith*special%25chars?.txt</name>\n")
                .contains("<modifytime>2026-11-23T00:27:30.818188567Z</modifytime>\n")
                .contains("<contents/>\n")
                .endsWith("</ltfsindex>\n");
        assertThat(lines(out.toByteArray())).noneMatch(line -> line.startsWith(" "));
    }

    @Test
    void writesThePolicyPosixAttributesBase64AndEncodedLinkTargetsAndReadsThemBack() throws Exception {
        Instant t = Instant.parse("2030-01-02T03:04:05.000000001Z");
        IndexHeader header = new IndexHeader("2.4.0", "x", "nightly batch", "1f7b6800-dfff-44fe-aa75-13b9c30c7bcf", 7,
                t, new IndexLocation(1, 40), Optional.of(new IndexLocation(1, 20)), false, 5, "locked", null,
                Optional.of(new DataPlacementPolicy(1_048_576, List.of("*.txt", "a:b*"))));
        IndexEntry root = dir("", 1, t);
        IndexEntry secret = new IndexEntry("secret", EntryKind.FILE, 100, 0600, 1000, 1000, t, t, t, t, null,
                List.of(new Extent(1, 30, 0, 10, 0), new Extent(1, 31, 0, 10, 90)),
                XattrValue.texts(Map.of("user.bell", "ring\u0007", "ltfs.hash.sha256sum", "ab12")), 2, false);
        IndexEntry link = new IndexEntry("odd:link", EntryKind.SYMLINK, 0, 0777, 0, 0, t, t, t, t, "../x:y",
                List.of(), Map.of(), 3, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IndexXmlWriter.write(out, header, root, List.of(secret, link).iterator());

        List<String> paths = elementPaths(out.toByteArray());
        assertThat(paths.subList(0, 14)).containsExactly("/ltfsindex", "/ltfsindex/creator", "/ltfsindex/comment",
                "/ltfsindex/volumeuuid", "/ltfsindex/generationnumber", "/ltfsindex/updatetime",
                "/ltfsindex/location", "/ltfsindex/location/partition", "/ltfsindex/location/startblock",
                "/ltfsindex/previousgenerationlocation", "/ltfsindex/previousgenerationlocation/partition",
                "/ltfsindex/previousgenerationlocation/startblock", "/ltfsindex/allowpolicyupdate",
                "/ltfsindex/dataplacementpolicy");
        assertThat(paths).containsSubsequence("/ltfsindex/dataplacementpolicy/indexpartitioncriteria/size",
                "/ltfsindex/dataplacementpolicy/indexpartitioncriteria/name", "/ltfsindex/highestfileuid",
                "/ltfsindex/volumelockstate", "/ltfsindex/directory");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("<name percentencoded=\"true\">a%3Ab*</name>",
                "<symlink percentencoded=\"true\">../x%3Ay</symlink>",
                "<value type=\"base64\">cmluZwc=</value>", "<key>ltfs.vendor.tapelib.mode</key>",
                "<value>0600</value>", "<name/>");

        IndexXmlReaderTest.Collected back = IndexXmlReaderTest.parse(out.toByteArray());
        assertThat(back.header.dataPlacementPolicy()).contains(new DataPlacementPolicy(1_048_576, List.of("*.txt", "a:b*")));
        assertThat(back.header.comment()).isEqualTo("nightly batch");
        assertThat(back.header.volumeLockState()).isEqualTo("locked");
        assertThat(back.header.allowPolicyUpdate()).isFalse();
        assertThat(back.entries.get("secret")).isEqualTo(secret);
        assertThat(back.entries.get("odd:link")).isEqualTo(link);
    }

    @Test
    void percentEncodesNamesTheWayTheReferenceDoes() {
        assertThat(NameCodec.needsEncoding("name:with*special%chars?.txt")).isTrue();
        assertThat(NameCodec.encode("name:with*special%chars?.txt")).isEqualTo("name%3Awith*special%25chars?.txt");
        assertThat(NameCodec.encode("caf\u00e9 1:2")).isEqualTo("caf%C3%A9%201%3A2");
        assertThat(NameCodec.decode("caf%C3%A9%3A")).isEqualTo("café:");
        // the reference encodes only for ':' and control characters; '%' alone is written plain
        assertThat(NameCodec.needsEncoding("100%.txt")).isFalse();
        assertThat(NameCodec.needsEncoding("café plain.txt")).isFalse();
        assertThat(NameCodec.needsEncoding("tab\there")).isFalse();
        assertThat(NameCodec.needsEncoding("cr\rhere")).isTrue();
        assertThat(NameCodec.needsEncoding("bell\u0007")).isTrue();
        // an escape that would make a path separator or NUL stays as written (reference decode_entry_name)
        assertThat(NameCodec.decode("a%2Fb%00c")).isEqualTo("a%2Fb%00c");
    }

    private static IndexEntry dir(String path, long uid, Instant t) {
        return new IndexEntry(path, EntryKind.DIRECTORY, 0, 0755, 0, 0, t, t, t, t, null, List.of(), Map.of(), uid, false);
    }

    private static IndexEntry file(String path, long length, long uid, Instant t, Map<String, XattrValue> xattrs,
                                   List<Extent> extents) {
        return new IndexEntry(path, EntryKind.FILE, length, 0644, 0, 0, t, t, t, t, null, extents, xattrs, uid, false);
    }
}

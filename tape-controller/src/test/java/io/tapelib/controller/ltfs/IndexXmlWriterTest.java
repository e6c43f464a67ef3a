package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexXmlWriterTest {

    private static byte[] rewrite(IndexXmlReaderTest.Collected index) {
        List<IndexEntry> entries = new ArrayList<>(index.entries.values());
        IndexEntry root = entries.remove(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexXmlWriter.write(out, index.header, root, entries.iterator());
        return out.toByteArray();
    }

    @Test
    void roundTripOfTheFixtureGivesEqualEntriesAndHeader() {
        IndexXmlReaderTest.Collected original = IndexXmlReaderTest.parse(Fixtures.bytes(IndexXmlReaderTest.FIXTURE));

        IndexXmlReaderTest.Collected again = IndexXmlReaderTest.parse(rewrite(original));

        assertThat(again.entries).containsExactlyEntriesOf(original.entries);
        assertThat(again.header.volumeUuid()).isEqualTo(original.header.volumeUuid());
        assertThat(again.header.generation()).isEqualTo(original.header.generation());
        assertThat(again.header.location()).isEqualTo(original.header.location());
        assertThat(again.header.previousGeneration()).isEqualTo(original.header.previousGeneration());
        assertThat(again.header.updateTime()).isEqualTo(original.header.updateTime());
        assertThat(again.header.volumeName()).isEqualTo("TestVol");
    }

    @Test
    void writesTheReferenceLayoutLineByLine() {
        // Every line of the reference implementation's index appears, in the same order, in ours; ours adds only our
        // creator and the vendor extended attributes that carry POSIX mode, owner and group.
        IndexXmlReaderTest.Collected original = IndexXmlReaderTest.parse(Fixtures.bytes(IndexXmlReaderTest.FIXTURE));
        List<String> reference = Arrays.asList(
                new String(Fixtures.bytes(IndexXmlReaderTest.FIXTURE), StandardCharsets.UTF_8).split("\n"));
        List<String> ours = Arrays.asList(new String(rewrite(original), StandardCharsets.UTF_8).split("\n"));

        int next = 0;
        List<String> missing = new ArrayList<>();
        for (String line : reference) {
            if (line.startsWith("<creator>")) {
                continue;
            }
            int found = ours.subList(next, ours.size()).indexOf(line);
            if (found < 0) {
                missing.add(line);
            } else {
                next += found + 1;
            }
        }
        assertThat(missing).isEmpty();
        assertThat(ours.get(0)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        assertThat(ours).noneMatch(line -> line.startsWith(" "));
        assertThat(ours).contains("<key>ltfs.vendor.tapelib.mode</key>", "<value>0644</value>", "<contents/>");
    }

    @Test
    void percentEncodesNamesTheWayTheReferenceDoes() {
        assertThat(NameCodec.needsEncoding("name:with*special%chars?.txt")).isTrue();
        assertThat(NameCodec.encode("name:with*special%chars?.txt")).isEqualTo("name%3Awith*special%25chars?.txt");
        assertThat(NameCodec.decode("caf%C3%A9%3A")).isEqualTo("café:");
        assertThat(NameCodec.needsEncoding("café plain.txt")).isFalse();
    }
}

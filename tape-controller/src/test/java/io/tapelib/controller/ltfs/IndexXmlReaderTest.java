package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexXmlReaderTest {

    static final String FIXTURE = "ltfs-index-ref-unmount-gen3-ip.xml";

    /** Collects what the reader hands out. */
    static final class Collected implements IndexVisitor {
        IndexHeader header;
        final Map<String, IndexEntry> entries = new LinkedHashMap<>();

        @Override
        public void header(IndexHeader header) {
            this.header = header;
        }

        @Override
        public void entry(IndexEntry entry) {
            entries.put(entry.path(), entry);
        }
    }

    static Collected parse(byte[] xml) {
        Collected collected = new Collected();
        IndexHeader returned = IndexXmlReader.read(new ByteArrayInputStream(xml), "test", collected);
        assertThat(returned).isEqualTo(collected.header);
        return collected;
    }

    @Test
    void readsTheReferenceImplementationsIndexHeader() {
        IndexHeader header = parse(Fixtures.bytes(FIXTURE)).header;

        assertThat(header.volumeUuid()).isEqualTo("1f7b6800-dfff-44fe-aa75-13b9c30c7bcf");
        assertThat(header.generation()).isEqualTo(3);
        assertThat(header.version()).isEqualTo("2.4.0");
        assertThat(header.location()).isEqualTo(new IndexLocation(0, 5));
        assertThat(header.previousGeneration()).contains(new IndexLocation(1, 17));
        assertThat(header.highestFileUid()).isEqualTo(9);
        assertThat(header.volumeName()).isEqualTo("TestVol");
        assertThat(header.updateTime()).isEqualTo(Instant.parse("2026-11-23T00:27:45.761233861Z"));
    }

    @Test
    void readsEntriesParentsFirstWithExtentsXattrsAndDecodedNames() {
        Collected index = parse(Fixtures.bytes(FIXTURE));

        assertThat(index.entries.keySet()).containsExactly("", "docs", "docs/sub", "docs/hello.txt", "docs/big.bin",
                "docs/after-sync.txt", "empty.txt", "name:with*special%chars?.txt", "link-to-hello");

        IndexEntry hello = index.entries.get("docs/hello.txt");
        assertThat(hello.kind()).isEqualTo(EntryKind.FILE);
        assertThat(hello.length()).isEqualTo(11);
        assertThat(hello.fileUid()).isEqualTo(4);
        assertThat(hello.xattrs()).containsExactly(Map.entry("mykey", "myvalue"));
        assertThat(hello.extents()).containsExactly(new Extent(1, 7, 0, 11, 0));
        assertThat(hello.modifyTime()).isEqualTo(Instant.parse("2026-11-23T00:27:30.818243810Z"));
        assertThat(hello.mode()).isEqualTo(0644);
        assertThat(hello.readonly()).isFalse();

        assertThat(index.entries.get("docs/big.bin").extents()).containsExactly(new Extent(1, 8, 0, 1_200_000, 0));
        assertThat(index.entries.get("docs").kind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(index.entries.get("docs").mode()).isEqualTo(0755);

        IndexEntry empty = index.entries.get("empty.txt");
        assertThat(empty.length()).isZero();
        assertThat(empty.extents()).isEmpty();

        assertThat(index.entries.get("name:with*special%chars?.txt").extents()).containsExactly(new Extent(1, 11, 0, 1, 0));

        IndexEntry link = index.entries.get("link-to-hello");
        assertThat(link.kind()).isEqualTo(EntryKind.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("docs/hello.txt");
        assertThat(link.readonly()).isTrue();
        assertThat(link.mode()).isEqualTo(0444);
        assertThat(link.xattrs()).containsEntry("ltfs.vendor.IBM.prefixLength", "0");
    }

    @Test
    void truncatedIndexIsMalformed() {
        byte[] whole = Fixtures.bytes(FIXTURE);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> parse(truncated))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("test");
    }

    @Test
    void doctypeIsRefusedSoNoExternalEntityIsRead() {
        String xxe = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE ltfsindex [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<ltfsindex version=\"2.4.0\"><creator>&xxe;</creator></ltfsindex>";
        List<IndexEntry> seen = new ArrayList<>();

        assertThatThrownBy(() -> IndexXmlReader.read(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)),
                "TL0001L5 partition a block 5", new IndexVisitor() {
                    @Override
                    public void header(IndexHeader header) {
                    }

                    @Override
                    public void entry(IndexEntry entry) {
                        seen.add(entry);
                    }
                }))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("TL0001L5 partition a block 5")
                .hasMessageNotContaining("root:");
        assertThat(seen).isEmpty();
    }

    @Test
    void futureMajorVersionIsUnsupported() {
        String index = new String(Fixtures.bytes(FIXTURE), StandardCharsets.UTF_8)
                .replace("<ltfsindex version=\"2.4.0\">", "<ltfsindex version=\"3.0.0\">");

        assertThatThrownBy(() -> parse(index.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedLtfsVersionException.class)
                .hasMessageContaining("3.0.0");
    }
}

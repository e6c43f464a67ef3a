package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

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
        IndexHeader header = parse(SharedFixtures.ltfsBytes(FIXTURE)).header;

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
        Collected index = parse(SharedFixtures.ltfsBytes(FIXTURE));

        assertThat(index.entries.keySet()).containsExactly("", "docs", "docs/sub", "docs/hello.txt", "docs/big.bin",
                "docs/after-sync.txt", "empty.txt", "name:with*special%chars?.txt", "link-to-hello");

        IndexEntry hello = index.entries.get("docs/hello.txt");
        assertThat(hello.kind()).isEqualTo(EntryKind.FILE);
        assertThat(hello.length()).isEqualTo(11);
        assertThat(hello.fileUid()).isEqualTo(4);
        assertThat(hello.xattrs()).containsExactly(Map.entry("mykey", XattrValue.ofText("myvalue")));
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
        assertThat(link.xattrs()).containsEntry("ltfs.vendor.IBM.prefixLength", XattrValue.ofText("0"));
    }

    @Test
    void truncatedIndexIsMalformed() {
        byte[] whole = SharedFixtures.ltfsBytes(FIXTURE);
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
        String index = new String(SharedFixtures.ltfsBytes(FIXTURE), StandardCharsets.UTF_8)
                .replace("<ltfsindex version=\"2.4.0\">", "<ltfsindex version=\"3.0.0\">");

        assertThatThrownBy(() -> parse(index.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedLtfsVersionException.class)
                .hasMessageContaining("3.0.0");
    }
    static String fixtureText() {
        return new String(SharedFixtures.ltfsBytes(FIXTURE), StandardCharsets.UTF_8);
    }

    /** The fixture with its first occurrence of {@code from} replaced; fails when {@code from} is not there. */
    static byte[] variant(String from, String to) {
        String text = fixtureText();
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    static final String BIG_BIN_EXTENTS = "<extentinfo>\n<extent>\n<fileoffset>0</fileoffset>\n<partition>b</partition>\n"
            + "<startblock>8</startblock>\n<byteoffset>0</byteoffset>\n<bytecount>1200000</bytecount>\n</extent>\n</extentinfo>";

    static String extent(long fileOffset, String partition, long block, long byteOffset, long count) {
        return "<extent>\n<fileoffset>" + fileOffset + "</fileoffset>\n<partition>" + partition + "</partition>\n"
                + "<startblock>" + block + "</startblock>\n<byteoffset>" + byteOffset + "</byteoffset>\n<bytecount>"
                + count + "</bytecount>\n</extent>\n";
    }

    @Test
    void readsTheFixturesHeaderFlagsAndTheRootEntry() {
        Collected index = parse(SharedFixtures.ltfsBytes(FIXTURE));

        assertThat(index.header.creator()).isEqualTo("IBM LTFS 2.4.8.4 (Prelim) - Linux - ltfs - Unmount");
        assertThat(index.header.comment()).isNull();
        assertThat(index.header.allowPolicyUpdate()).isTrue();
        assertThat(index.header.volumeLockState()).isEqualTo("unlocked");
        assertThat(index.header.dataPlacementPolicy()).isEmpty();
        IndexEntry root = index.entries.get("");
        assertThat(root.kind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(root.fileUid()).isEqualTo(1);
        assertThat(root.creationTime()).isEqualTo(Instant.parse("2026-11-23T00:27:02.041956530Z"));
        assertThat(root.accessTime()).isEqualTo(Instant.parse("2026-11-23T00:27:30.825209308Z"));
        assertThat(index.entries.get("docs/sub").fileUid()).isEqualTo(3);
        assertThat(index.entries.get("docs/after-sync.txt").extents()).containsExactly(new Extent(1, 15, 0, 11, 0));
        assertThat(index.entries.get("empty.txt").fileUid()).isEqualTo(6);
    }

    @Test
    void extentsAreHandedOutInFileOffsetOrderWithSparseGaps() {
        // three extents, out of order in the XML, with a hole at 100..200 and a tail hole from 400 to the length
        byte[] xml = variant("<length>1200000</length>", "<length>500</length>");
        String text = new String(xml, StandardCharsets.UTF_8).replace(BIG_BIN_EXTENTS, "<extentinfo>\n"
                + extent(200, "b", 30, 4096, 200) + extent(0, "b", 20, 0, 100) + extent(100 + 100 + 200, "a", 9, 0, 0)
                + "</extentinfo>");

        IndexEntry big = parse(text.getBytes(StandardCharsets.UTF_8)).entries.get("docs/big.bin");

        assertThat(big.length()).isEqualTo(500);
        assertThat(big.extents()).containsExactly(new Extent(1, 20, 0, 100, 0), new Extent(1, 30, 4096, 200, 200),
                new Extent(0, 9, 0, 0, 400));
    }

    @Test
    void overlappingExtentsAreMalformed() {
        String text = fixtureText().replace(BIG_BIN_EXTENTS,
                "<extentinfo>\n" + extent(0, "b", 8, 0, 1000) + extent(999, "b", 9, 0, 10) + "</extentinfo>");

        assertThatThrownBy(() -> parse(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("extents of 'docs/big.bin' overlap at file offset 999");
    }

    @Test
    void anExtentBeyondTheFileLengthIsMalformed() {
        assertThatThrownBy(() -> parse(variant("<bytecount>1200000</bytecount>", "<bytecount>1200001</bytecount>")))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("extents of 'docs/big.bin' end at byte 1200001, beyond its length 1200000");
    }

    @Test
    void unknownElementsOfALaterVersionAreSkippedWithTheirSubtrees() {
        String text = fixtureText()
                .replace("<ltfsindex version=\"2.4.0\">", "<ltfsindex version=\"2.9.1\">")
                .replace("<volumelockstate>unlocked</volumelockstate>",
                        "<volumelockstate>unlocked</volumelockstate>\n<futurepolicy><file><name>x</name></file></futurepolicy>")
                .replace("<name>docs</name>", "<name>docs</name>\n<colour depth=\"3\"><rgb>1</rgb></colour>")
                .replace("<length>11</length>", "<length>11</length>\n<checksum><algo>crc</algo><directory/></checksum>")
                .replace("<byteoffset>0</byteoffset>", "<byteoffset>0</byteoffset>\n<compressed>true</compressed>")
                .replace("</contents>\n</directory>\n</ltfsindex>",
                        "<shortcut><name>z</name></shortcut>\n</contents>\n<trailer/>\n</directory>\n<signature>x</signature>\n</ltfsindex>");

        Collected index = parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(index.header.version()).isEqualTo("2.9.1");
        assertThat(index.entries.keySet()).containsExactly("", "docs", "docs/sub", "docs/hello.txt", "docs/big.bin",
                "docs/after-sync.txt", "empty.txt", "name:with*special%chars?.txt", "link-to-hello");
        assertThat(index.entries.get("docs/hello.txt").extents()).containsExactly(new Extent(1, 7, 0, 11, 0));
    }

    @Test
    void readsTheDataPlacementPolicyCommentAndLockState() {
        byte[] xml = variant("<allowpolicyupdate>true</allowpolicyupdate>\n<highestfileuid>9</highestfileuid>\n"
                        + "<volumelockstate>unlocked</volumelockstate>",
                "<allowpolicyupdate>false</allowpolicyupdate>\n<dataplacementpolicy>\n<indexpartitioncriteria>\n"
                        + "<size>1048576</size>\n<name>*.xml</name>\n<name percentencoded=\"true\">a%3Ab?</name>\n"
                        + "</indexpartitioncriteria>\n</dataplacementpolicy>\n<highestfileuid>9</highestfileuid>\n"
                        + "<volumelockstate>permlocked</volumelockstate>");
        String text = new String(xml, StandardCharsets.UTF_8)
                .replace("<volumeuuid>", "<comment>written &amp; verified</comment>\n<volumeuuid>");

        IndexHeader header = parse(text.getBytes(StandardCharsets.UTF_8)).header;

        assertThat(header.dataPlacementPolicy()).contains(new DataPlacementPolicy(1_048_576, List.of("*.xml", "a:b?")));
        assertThat(header.allowPolicyUpdate()).isFalse();
        assertThat(header.volumeLockState()).isEqualTo("permlocked");
        assertThat(header.comment()).isEqualTo("written & verified");
    }

    @Test
    void readsBase64AndPercentEncodedExtendedAttributesAndLinkTargets() {
        String text = fixtureText()
                .replace("<key>mykey</key>\n<value>myvalue</value>",
                        "<key percentencoded=\"true\">user.a%3Ab</key>\n<value type=\"base64\">aMOpbGxvCg==</value>"
                                + "\n</xattr>\n<xattr>\n<key>user.text</key>\n<value type=\"text\">t &lt;1&gt;</value>"
                                + "\n</xattr>\n<xattr>\n<key>user.empty</key>\n<value/>")
                .replace("<symlink>docs/hello.txt</symlink>", "<symlink percentencoded=\"true\">docs/h%C3%A9llo%3A.txt</symlink>");

        Collected index = parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(index.entries.get("docs/hello.txt").xattrs()).containsOnly(Map.entry("user.a:b", XattrValue.ofText("h\u00e9llo\n")),
                Map.entry("user.text", XattrValue.ofText("t <1>")), Map.entry("user.empty", XattrValue.ofText("")));
        assertThat(index.entries.get("link-to-hello").symlinkTarget()).isEqualTo("docs/h\u00e9llo:.txt");
    }

    @Test
    void readsAVersion1IndexWithoutFileOffsetsFileUidsOrBackupTimes() {
        String text = fixtureText()
                .replace(BIG_BIN_EXTENTS, "<extentinfo>\n<extent>\n<partition>b</partition>\n<startblock>8</startblock>\n"
                        + "<byteoffset>0</byteoffset>\n<bytecount>1000</bytecount>\n</extent>\n<extent>\n"
                        + "<partition>b</partition>\n<startblock>9</startblock>\n<byteoffset>0</byteoffset>\n"
                        + "<bytecount>1199000</bytecount>\n</extent>\n</extentinfo>")
                .replace("<ltfsindex version=\"2.4.0\">", "<ltfsindex version=\"1.0\">")
                .replaceAll("<fileuid>\\d+</fileuid>\n", "")
                .replaceAll("<backuptime>[^<]*</backuptime>\n", "")
                .replaceAll("<fileoffset>\\d+</fileoffset>\n", "")
                .replace("<highestfileuid>9</highestfileuid>\n", "");
        assertThat(text).doesNotContain("fileuid", "fileoffset", "backuptime");

        Collected index = parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(index.entries.get("").fileUid()).isEqualTo(1);
        assertThat(index.entries.values()).extracting(IndexEntry::fileUid).doesNotHaveDuplicates();
        assertThat(index.entries.get("docs/big.bin").extents()).containsExactly(new Extent(1, 8, 0, 1000, 0),
                new Extent(1, 9, 0, 1_199_000, 1000));
    }

    @Test
    void anotherVersion2MinorIsReadAndAnyOtherMajorIsRefusedNamingIt() {
        assertThat(parse(variant("version=\"2.4.0\"", "version=\"2.0.0\"")).header.version()).isEqualTo("2.0.0");
        assertThatThrownBy(() -> parse(variant("version=\"2.4.0\"", "version=\"10.1\"")))
                .isInstanceOf(UnsupportedLtfsVersionException.class)
                .hasMessageContaining("10.1");
        assertThatThrownBy(() -> parse(variant("version=\"2.4.0\"", "version=\"two\"")))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("version 'two' is not major.minor.revision");
    }
}

package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

import static io.tapelib.controller.ltfs.IndexXmlReaderTest.fixtureText;
import static io.tapelib.controller.ltfs.IndexXmlReaderTest.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Malformed and hostile indexes: each is a {@link MalformedIndexException} naming the source and what is wrong. */
class IndexXmlHostileInputTest {

    private static final String SOURCE = "TL0001L5 partition a block 5";

    /** Entries the visitor was handed before the error. */
    private final List<String> seen = new ArrayList<>();

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] xml, IndexLimits limits) {
        return assertThatThrownBy(() -> IndexXmlReader.read(new ByteArrayInputStream(xml), SOURCE, new IndexVisitor() {
            @Override
            public void header(IndexHeader header) {
            }

            @Override
            public void entry(IndexEntry entry) {
                seen.add(entry.path());
            }
        }, limits)).isInstanceOf(MalformedIndexException.class)
                .hasMessageStartingWith(SOURCE + ": malformed LTFS index: ")
                .satisfies(e -> assertThat(((MalformedIndexException) e).source()).isEqualTo(SOURCE));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] xml) {
        return assertRefused(xml, IndexLimits.DEFAULT);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpandingAnything() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE ltfsindex [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1 == 0 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        dtd.append("]>\n<ltfsindex version=\"2.4.0\"><creator>&lol9;</creator></ltfsindex>");

        assertRefused(utf8(dtd.toString())).hasMessageContaining("DTD is not allowed");
        assertThat(seen).isEmpty();
    }

    @Test
    void anEntityReferenceWithoutADtdIsMalformed() {
        assertRefused(variant("<creator>IBM", "<creator>&xxe;IBM")).hasMessageContaining("xxe")
                .hasMessageContaining("line 3");
    }

    @Test
    void nonXmlIsMalformed() {
        assertRefused(utf8("VOL1TL0001L5 not an index at all")).hasMessageContaining("not well-formed XML");
        assertRefused(new byte[0]).hasMessageContaining("not well-formed XML");
        assertRefused(utf8("<?xml version=\"1.0\"?><ltfslabel version=\"2.4.0\"/>"))
                .hasMessageContaining("the root element is <ltfslabel>, not <ltfsindex>");
    }

    @Test
    void truncationAnywhereIsMalformedAndTrailingGarbageToo() {
        byte[] whole = IndexXmlReaderTest.fixtureText().getBytes(StandardCharsets.UTF_8);
        for (int length : new int[] {10, 200, whole.length / 3, whole.length - 14}) {
            assertRefused(java.util.Arrays.copyOf(whole, length));
        }
        assertRefused(utf8(fixtureText() + "<more/>")).hasMessageContaining("not well-formed XML");
    }

    @Test
    void missingRequiredElementsAreNamed() {
        assertRefused(variant("<volumeuuid>1f7b6800-dfff-44fe-aa75-13b9c30c7bcf</volumeuuid>\n", ""))
                .hasMessageContaining("the index lacks volumeuuid before the root directory");
        assertRefused(variant("<length>11</length>\n", "")).hasMessageContaining("file 'hello.txt' has no <length>");
        assertRefused(variant("<fileuid>4</fileuid>\n", "")).hasMessageContaining("file 'hello.txt' lacks fileuid");
        assertRefused(variant("<bytecount>11</bytecount>\n", "")).hasMessageContaining("extent lacks bytecount");
        assertRefused(variant("<startblock>5</startblock>\n", ""))
                .hasMessageContaining("<location> lacks startblock");
        assertRefused(variant("<contents/>", "")).hasMessageContaining("directory 'docs/sub' has no <contents>");
        assertRefused(variant("<key>mykey</key>\n", "")).hasMessageContaining("<xattr> without a key");
        assertRefused(utf8(fixtureText().replaceAll("(?s)<directory>.*</directory>\n", "")))
                .hasMessageContaining("the index has no root directory");
    }

    @Test
    void repeatedElementsAreMalformed() {
        assertRefused(variant("<generationnumber>3</generationnumber>",
                "<generationnumber>3</generationnumber><generationnumber>4</generationnumber>"))
                .hasMessageContaining("<generationnumber> appears twice");
        assertRefused(variant("<length>11</length>", "<length>11</length><length>12</length>"))
                .hasMessageContaining("<length> appears twice");
        assertRefused(variant("<bytecount>11</bytecount>", "<bytecount>11</bytecount><bytecount>11</bytecount>"))
                .hasMessageContaining("<bytecount> appears twice");
    }

    @Test
    void negativeOverflowingAndNonNumericNumbersAreMalformed() {
        assertRefused(variant("<startblock>7</startblock>", "<startblock>-7</startblock>"))
                .hasMessageContaining("<startblock> '-7' is not an unsigned decimal number");
        assertRefused(variant("<length>11</length>", "<length>99999999999999999999999</length>"))
                .hasMessageContaining("<length> 99999999999999999999999 exceeds 2^63-1");
        assertRefused(variant("<generationnumber>3</generationnumber>", "<generationnumber>0x3</generationnumber>"))
                .hasMessageContaining("is not an unsigned decimal number");
        assertRefused(variant("<fileoffset>0</fileoffset>\n<partition>b</partition>\n<startblock>8</startblock>\n"
                        + "<byteoffset>0</byteoffset>\n<bytecount>1200000</bytecount>",
                "<fileoffset>9223372036854775800</fileoffset>\n<partition>b</partition>\n<startblock>8</startblock>\n"
                        + "<byteoffset>0</byteoffset>\n<bytecount>1200000</bytecount>"))
                .hasMessageContaining("ends beyond 2^63-1");
    }

    @Test
    void invalidValuesAreMalformed() {
        assertRefused(variant("<readonly>false</readonly>", "<readonly>maybe</readonly>"))
                .hasMessageContaining("<readonly> 'maybe' is neither true nor false");
        assertRefused(variant("<partition>b</partition>", "<partition>c</partition>"))
                .hasMessageContaining("partition 'c' is neither a nor b");
        assertRefused(variant("<updatetime>2026-11-23T00:27:45.761233861Z", "<updatetime>2026-13-23T00:27:45.761233861Z"))
                .hasMessageContaining("<updatetime> '2026-13-23T00:27:45.761233861Z' is not a UTC time stamp");
        assertRefused(variant("<modifytime>2026-11-23T00:27:30.818243810Z", "<modifytime>+10000-11-23T00:27:30Z"))
                .hasMessageContaining("is not a UTC time stamp");
        assertRefused(variant("<volumeuuid>1f7b6800", "<volumeuuid>zz7b6800"))
                .hasMessageContaining("is not a UUID");
        assertRefused(variant("<value>myvalue</value>", "<value type=\"hex\">6d79</value>"))
                .hasMessageContaining("xattr value type 'hex' is neither text nor base64");
        assertRefused(variant("<value>myvalue</value>", "<value type=\"base64\">!!!</value>"))
                .hasMessageContaining("xattr value is not base64");
        assertRefused(variant("<length>11</length>", "<length><n>11</n></length>"))
                .hasMessageContaining("<length> must hold text only, not <n>");
        assertRefused(variant("<name>docs</name>", "<name>..</name>")).hasMessageContaining("invalid entry name '..'");
        assertRefused(variant("<name percentencoded=\"true\">name%3Awith", "<name percentencoded=\"true\">name%3with"))
                .hasMessageContaining("invalid percent escape");
        assertRefused(variant("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"))
                .hasMessageContaining("declared ISO-8859-1; LTFS indexes are UTF-8");
    }

    @Test
    void fileUidsTheSpecificationReservesAreMalformed() {
        assertRefused(variant("<fileuid>1</fileuid>", "<fileuid>2</fileuid>"))
                .hasMessageContaining("the root directory has fileuid 2; it must be 1");
        assertRefused(variant("<fileuid>4</fileuid>", "<fileuid>0</fileuid>"))
                .hasMessageContaining("'docs/hello.txt' has fileuid 0");
    }

    @Test
    void aSymbolicLinkWithExtentsIsMalformed() {
        assertRefused(variant("<symlink>docs/hello.txt</symlink>", "<symlink>docs/hello.txt</symlink>\n<extentinfo>"
                + IndexXmlReaderTest.extent(0, "b", 3, 0, 0) + "</extentinfo>"))
                .hasMessageContaining("'link-to-hello' is a symbolic link and also has extents");
    }

    @Test
    void aKnownElementAfterContentsCannotBeAppliedAndIsRefused() {
        assertRefused(variant("<contents/>\n</directory>", "<contents/>\n<fileuid>30</fileuid>\n</directory>"))
                .hasMessageContaining("<fileuid> follows the <contents> of directory 'docs/sub'");
        assertRefused(variant("</directory>\n</ltfsindex>", "</directory>\n<highestfileuid>9</highestfileuid>\n</ltfsindex>"))
                .hasMessageContaining("<highestfileuid> follows the root directory");
    }

    @Test
    void oversizedNamesXattrsAndTextsAreRefusedWithTheLimit() {
        assertRefused(variant("<name>hello.txt</name>", "<name>" + "h".repeat(256) + "</name>"))
                .hasMessageContaining("<name> of 256 bytes exceeds the limit of 255 bytes");
        // 128 two-byte characters: 128 characters but 256 bytes
        assertRefused(variant("<name>hello.txt</name>", "<name>" + "\u00e9".repeat(128) + "</name>"))
                .hasMessageContaining("<name> of 256 bytes exceeds the limit of 255 bytes");
        assertRefused(variant("<value>myvalue</value>", "<value>" + "v".repeat(64 * 1024 + 1) + "</value>"))
                .hasMessageContaining("<value> of 65537 bytes exceeds the limit of 65536 bytes");
        assertRefused(variant("<creator>IBM", "<creator>" + "c".repeat(200_000)))
                .hasMessageContaining("<creator> holds more than 131072 characters");
    }

    @Test
    void aHugeAttributeOrAnIndexOverTheTotalLimitIsStoppedByTheInputGuard() {
        assertRefused(variant("<name>hello.txt</name>", "<name x=\"" + "a".repeat(2 << 20) + "\">hello.txt</name>"))
                .hasMessageContaining("bytes without markup");
        IndexLimits small = new IndexLimits(2000, 1 << 20, 128 * 1024, 255, 4096, 255, 65536, 1 << 20, 100, 16, 65536);
        assertRefused(IndexXmlReaderTest.fixtureText().getBytes(StandardCharsets.UTF_8), small)
                .hasMessageContaining("index is longer than 2000 bytes");
    }

    @Test
    void directoriesNestedDeeperThanTheLimitAreRefused() {
        IndexLimits shallow = new IndexLimits(1 << 30, 1 << 20, 128 * 1024, 255, 4096, 255, 65536, 1 << 20, 100, 8,
                65536);
        String dir = "<directory>\n<name>d</name>\n<readonly>false</readonly>\n<creationtime>2026-11-23T00:27:02Z</creationtime>\n"
                + "<changetime>2026-11-23T00:27:02Z</changetime>\n<modifytime>2026-11-23T00:27:02Z</modifytime>\n"
                + "<accesstime>2026-11-23T00:27:02Z</accesstime>\n<backuptime>2026-11-23T00:27:02Z</backuptime>\n"
                + "<fileuid>%d</fileuid>\n<contents>\n";
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            nested.append(String.format(dir, 100 + i));
        }
        nested.append("</contents>\n</directory>\n".repeat(10));

        assertRefused(variant("<contents>\n<directory>\n<name>docs</name>", "<contents>\n" + nested + "<directory>\n<name>docs</name>"),
                shallow).hasMessageContaining("directories nested deeper than 8");
        assertThat(seen).contains("d/d/d/d/d/d/d/d").doesNotContain("d/d/d/d/d/d/d/d/d");
    }

    @Test
    void deepUnknownElementsAreStoppedByTheParsersDepthLimit() {
        IndexLimits shallow = new IndexLimits(1 << 30, 1 << 20, 128 * 1024, 255, 4096, 255, 65536, 1 << 20, 100, 8,
                65536);
        assertRefused(variant("<volumelockstate>", "<x>".repeat(100) + "</x>".repeat(100) + "<volumelockstate>"), shallow)
                .hasMessageContaining("maxElementDepth");
    }

    @Test
    void tooManyExtentsAreRefused() {
        IndexLimits few = new IndexLimits(1 << 30, 1 << 20, 128 * 1024, 255, 4096, 255, 65536, 1 << 20, 2, 16, 65536);
        StringBuilder extents = new StringBuilder("<extentinfo>\n");
        for (int i = 0; i < 3; i++) {
            extents.append(IndexXmlReaderTest.extent(i * 10L, "b", 8 + i, 0, 10));
        }
        assertRefused(utf8(fixtureText().replace(IndexXmlReaderTest.BIG_BIN_EXTENTS, extents + "</extentinfo>")), few)
                .hasMessageContaining("a file has more than 2 extents");
    }

    @Test
    void anExceptionOfTheVisitorPassesThroughUnchanged() {
        IllegalStateException mine = new IllegalStateException("catalog full");
        assertThatThrownBy(() -> IndexXmlReader.read(new ByteArrayInputStream(SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE)),
                SOURCE, new IndexVisitor() {
                    @Override
                    public void header(IndexHeader header) {
                    }

                    @Override
                    public void entry(IndexEntry entry) {
                        throw mine;
                    }
                })).isSameAs(mine);
    }
}

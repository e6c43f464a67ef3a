package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LtfsLabelXmlTest {

    private static final String FIXTURE = "ltfs-label-ref-mkltfs.xml";

    @Test
    void readsTheLabelMkltfsWrote() {
        byte[] xml = SharedFixtures.ltfsBytes(FIXTURE);

        LtfsLabel label = LtfsLabelXml.parse(xml, xml.length, "test");

        assertThat(label.volumeUuid()).isEqualTo("1f7b6800-dfff-44fe-aa75-13b9c30c7bcf");
        assertThat(label.version()).isEqualTo("2.4.0");
        assertThat(label.formatTime()).isEqualTo(Instant.parse("2026-11-23T00:27:02.041956530Z"));
        assertThat(label.partition()).isZero();
        assertThat(label.indexPartition()).isZero();
        assertThat(label.dataPartition()).isEqualTo(1);
        assertThat(label.blockSize()).isEqualTo(524288);
        assertThat(label.compression()).isTrue();
    }

    @Test
    void writesTheLabelByteForByteAsMkltfsDoes() {
        byte[] xml = SharedFixtures.ltfsBytes(FIXTURE);
        LtfsLabel label = LtfsLabelXml.parse(xml, xml.length, "test");

        String ours = new String(LtfsLabelXml.write(label), StandardCharsets.UTF_8);

        assertThat(ours).isEqualTo(new String(xml, StandardCharsets.UTF_8));
    }

    @Test
    void vol1LabelHasTheFieldsAtTheirAnsiPositions() {
        byte[] vol1 = Vol1Label.forVolumeTag("TL0001L5").toBytes();
        String text = new String(vol1, StandardCharsets.US_ASCII);

        assertThat(vol1).hasSize(80);
        assertThat(text.substring(0, 4)).isEqualTo("VOL1");
        assertThat(text.substring(4, 10)).isEqualTo("TL0001");
        assertThat(text.charAt(10)).isEqualTo('L');
        assertThat(text.substring(24, 37)).isEqualTo("LTFS         ");
        assertThat(text.charAt(79)).isEqualTo('4');
        assertThat(Vol1Label.parse(vol1, 80)).contains(new Vol1Label("TL0001"));
    }

    private static byte[] labelVariant(String from, String to) {
        String text = new String(SharedFixtures.ltfsBytes(FIXTURE), StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static LtfsLabel parse(byte[] xml) {
        return LtfsLabelXml.parse(xml, xml.length, "TL0001L5 partition b block 2");
    }

    @Test
    void aMissingOrInvalidLabelElementIsMalformedAndNamed() {
        assertThatThrownBy(() -> parse(labelVariant("    <blocksize>524288</blocksize>\n", "")))
                .isInstanceOf(MalformedIndexException.class)
                .hasMessageContaining("TL0001L5 partition b block 2")
                .hasMessageContaining("label lacks element blocksize");
        assertThatThrownBy(() -> parse(labelVariant("<blocksize>524288", "<blocksize>0")))
                .isInstanceOf(MalformedIndexException.class).hasMessageContaining("blocksize 0 is not positive");
        assertThatThrownBy(() -> parse(labelVariant("<compression>true", "<compression>often")))
                .isInstanceOf(MalformedIndexException.class).hasMessageContaining("compression 'often'");
        assertThatThrownBy(() -> parse(labelVariant("<index>a</index>", "<index>q</index>")))
                .isInstanceOf(MalformedIndexException.class).hasMessageContaining("'q' is neither a nor b");
    }

    @Test
    void aDtdAVersion3LabelAndAnotherRootAreRefusedWithTheirOwnErrors() {
        assertThatThrownBy(() -> parse(labelVariant("<ltfslabel", "<!DOCTYPE ltfslabel [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<ltfslabel")))
                .isInstanceOf(MalformedIndexException.class).hasMessageContaining("DTD is not allowed");
        assertThatThrownBy(() -> parse(labelVariant("version=\"2.4.0\"", "version=\"3.0.0\"")))
                .isInstanceOf(UnsupportedLtfsVersionException.class).hasMessageContaining("3.0.0");
        assertThatThrownBy(() -> parse(labelVariant("ltfslabel", "tarlabel")))
                .isInstanceOf(NotLtfsVolumeException.class).hasMessageContaining("<tarlabel>");
    }

    @Test
    void twoThousandMutatedLabelsGiveOnlyTypedErrors() {
        byte[] original = SharedFixtures.ltfsBytes(FIXTURE);
        Random random = new Random(0x4c41424cL);
        int parsed = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = random.nextBoolean() ? java.util.Arrays.copyOf(original, random.nextInt(original.length))
                    : original.clone();
            for (int flips = random.nextInt(4); flips > 0 && mutated.length > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(128);
            }
            try {
                parse(mutated);
                parsed++;
            } catch (MalformedIndexException | UnsupportedLtfsVersionException | NotLtfsVolumeException e) {
                assertThat(e.getMessage()).startsWith("TL0001L5 partition b block 2: ");
            }
        }
        assertThat(parsed).isPositive();
    }
}

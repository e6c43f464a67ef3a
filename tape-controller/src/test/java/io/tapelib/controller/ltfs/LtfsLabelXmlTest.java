package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LtfsLabelXmlTest {

    private static final String FIXTURE = "ltfs-label-ref-mkltfs.xml";

    @Test
    void readsTheLabelMkltfsWrote() {
        byte[] xml = Fixtures.bytes(FIXTURE);

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
        byte[] xml = Fixtures.bytes(FIXTURE);
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
}

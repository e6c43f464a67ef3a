package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.controller.drive.MediumAttribute;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Volume Coherency Information (MAM attribute 080Ch) byte for byte as the LTFS reference implementation writes and
 * reads it (tape.c {@code tape_set_cart_coherency}/{@code tape_get_cart_coherency}; offsets below count from the
 * attribute's first header byte, as the reference's {@code coh_data} buffer does).
 */
class VolumeCoherencyTest {

    private static final String UUID = "2f9a6a6e-4a1c-4e0c-9a4b-0123456789ab";

    @Test
    void encodesTheReferenceLayout() {
        byte[] bytes = VolumeCoherency.of(0x01020304L, 7, 4242, UUID).attribute().encoded();

        assertThat(bytes).hasSize(75);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(in.getShort(0)).isEqualTo((short) 0x080C);
        assertThat(bytes[2]).as("format binary").isEqualTo((byte) 0);
        assertThat(in.getShort(3)).as("TC_MAM_PAGE_COHERENCY_SIZE").isEqualTo((short) 0x46);
        assertThat(bytes[5]).as("VCR length").isEqualTo((byte) 8);
        assertThat(in.getLong(6)).as("volume change reference").isEqualTo(0x01020304L);
        assertThat(in.getLong(14)).as("volume coherency count: index generation").isEqualTo(7);
        assertThat(in.getLong(22)).as("volume coherency set identifier: index block").isEqualTo(4242);
        assertThat(in.getShort(30)).as("application client specific information length").isEqualTo((short) 43);
        assertThat(Arrays.copyOfRange(bytes, 32, 37)).isEqualTo("LTFS\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(bytes, 37, 36, StandardCharsets.US_ASCII)).isEqualTo(UUID);
        assertThat(bytes[73]).as("UUID's NUL").isZero();
        assertThat(bytes[74]).as("version (from PGA2)").isEqualTo((byte) 1);
    }

    @Test
    void readsBackWhatItWroteAndTheReferences42ByteVariant() {
        VolumeCoherency written = VolumeCoherency.of(99, 3, 5, UUID);
        assertThat(VolumeCoherency.parse(written.attribute())).contains(written);

        byte[] value = written.attribute().value();
        value[26] = 42; // LTFS 1.0 and 1.0.1 wrote 42
        assertThat(VolumeCoherency.parse(new MediumAttribute(0x080C, 0, value))).isPresent();
    }

    @Test
    void refusesAttributesThatAreNotLtfsCoherencyInformation() {
        byte[] value = VolumeCoherency.of(99, 3, 5, UUID).attribute().value();
        byte[] otherApplication = value.clone();
        otherApplication[27] = 'X';
        byte[] vcrOfFourBytes = value.clone();
        vcrOfFourBytes[0] = 4;

        assertThat(VolumeCoherency.parse(new MediumAttribute(0x080C, 0, otherApplication))).isEmpty();
        assertThat(VolumeCoherency.parse(new MediumAttribute(0x080C, 0, vcrOfFourBytes))).isEmpty();
        assertThat(VolumeCoherency.parse(new MediumAttribute(0x080C, 0, Arrays.copyOf(value, 69)))).isEmpty();
        assertThat(VolumeCoherency.parse(new MediumAttribute(0x0806, 1, value))).isEmpty();
    }
}

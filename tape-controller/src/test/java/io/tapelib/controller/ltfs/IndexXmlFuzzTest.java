package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz target of the index reader (DESIGN section 9). Under Surefire it runs in regression mode: it replays the
 * seed inputs in {@code src/test/resources/io/tapelib/controller/ltfs/IndexXmlFuzzTestInputs/<method>/} (a small
 * valid index and hostile variants). With {@code JAZZER_FUZZ=1} it fuzzes from them, and every input is also spliced
 * into the reference implementation's real index, so that the fuzzer explores deep inside a valid document. Only
 * {@link MalformedIndexException} and {@link UnsupportedLtfsVersionException} may escape ({@link IndexParseProperty}).
 */
class IndexXmlFuzzTest {

    private static final byte[] FIXTURE = SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE);

    @FuzzTest(maxDuration = "60s")
    void readerRaisesOnlyTypedErrors(byte[] input) {
        IndexParseProperty.check(input);
        IndexParseProperty.check(spliceIntoFixture(input));
    }

    @Test
    void theValidSeedIsAValidIndexSoTheFuzzerStartsFromOne() throws IOException {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream(
                "IndexXmlFuzzTestInputs/readerRaisesOnlyTypedErrors/valid-small-index")) {
            seed = in.readAllBytes();
        }

        IndexXmlReaderTest.Collected index = IndexXmlReaderTest.parse(seed);

        assertThat(index.entries.keySet()).containsExactly("", "sparse:1.bin", "link", "empty");
        assertThat(index.entries.get("sparse:1.bin").extents()).containsExactly(new Extent(0, 8, 512, 100, 0),
                new Extent(1, 9, 0, 100, 200));
        assertThat(index.header.dataPlacementPolicy()).contains(new DataPlacementPolicy(1_048_576, List.of("*.txt")));
        assertThat(IndexParseProperty.check(spliceIntoFixture(new byte[] {0, 0, 0})))
                .isEqualTo(IndexParseProperty.Outcome.PARSED);
    }

    /** The fixture with the input inserted at a place the input's first bytes choose, replacing up to 255 bytes. */
    static byte[] spliceIntoFixture(byte[] input) {
        if (input.length < 3) {
            return FIXTURE;
        }
        int at = ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % (FIXTURE.length + 1);
        int replaced = Math.min(input[2] & 0xff, FIXTURE.length - at);
        byte[] out = new byte[FIXTURE.length - replaced + input.length - 3];
        System.arraycopy(FIXTURE, 0, out, 0, at);
        System.arraycopy(input, 3, out, at, input.length - 3);
        System.arraycopy(FIXTURE, at + replaced, out, at + input.length - 3, FIXTURE.length - at - replaced);
        return out;
    }
}

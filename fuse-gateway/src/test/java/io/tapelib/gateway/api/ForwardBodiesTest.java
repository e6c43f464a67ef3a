package io.tapelib.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.controller.ElementAddress;
import org.junit.jupiter.api.Test;

/** The forwards' request fields: each refusal names its field and never quotes a client's value unbounded. */
class ForwardBodiesTest {
    private final ForwardBodies bodies = new ForwardBodies(new ObjectMapper());

    private static void refused(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).hasSizeLessThan(300);
        });
    }

    @Test
    void aLoadNamesExactlyOneOfAVolumeTagOrASlot() {
        assertThat(bodies.load("{\"volumeTag\": \" TL0001L5 \"}")).isEqualTo(new ForwardBodies.LoadTarget("TL0001L5", 0));
        assertThat(bodies.load("{\"slot\": 4}")).isEqualTo(new ForwardBodies.LoadTarget(null, 4));
        refused(() -> bodies.load("{}"), "volumeTag");
        refused(() -> bodies.load(""), "volumeTag");
        refused(() -> bodies.load("{\"volumeTag\": \"TL0001L5\", \"slot\": 4}"), "slot");
        refused(() -> bodies.load("{\"volumeTag\": 17}"), "volumeTag");
        refused(() -> bodies.load("{\"slot\": 0}"), "slot");
        refused(() -> bodies.load("{\"slot\": 1.5}"), "slot");
        refused(() -> bodies.load("{\"slot\": \"4\"}"), "slot");
        refused(() -> bodies.load("{\"volumeTag\": \"" + "T".repeat(33) + "\"}"), "volumeTag");
        refused(() -> bodies.load("{\"volumeTag\": \"TL 0001\"}"), "volumeTag");
        refused(() -> bodies.load("{\"volumeTag\": \"TL\\u00e90001\"}"), "volumeTag");
    }

    @Test
    void malformedOrUnknownBodiesAreRefusedWithoutTheirContent() {
        refused(() -> bodies.optionalSlot("{\"slot\": "), null);
        refused(() -> bodies.optionalSlot("[1]"), null);
        refused(() -> bodies.optionalSlot("x".repeat(10_000)), null);
        String longName = "n".repeat(5_000);
        assertThatThrownBy(() -> bodies.optionalSlot("{\"" + longName.substring(0, 4000) + "\": 1}"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).hasSize(InvalidFieldException.ECHO_LIMIT + 3);
                    assertThat(e.getMessage()).hasSizeLessThan(300);
                });
        assertThat(bodies.optionalSlot(null)).isZero();
        assertThat(bodies.optionalSlot("{}")).isZero();
        assertThat(bodies.optionalSlot("{\"slot\": 49}")).isEqualTo(49);
    }

    @Test
    void aMoveNamesTwoStorageOrImportExportElements() {
        ElementAddress[] move = bodies.move("{\"from\": {\"type\": \"STORAGE\", \"number\": 3},"
                + " \"to\": {\"type\": \"IMPORT_EXPORT\", \"number\": 49}}");
        assertThat(move).containsExactly(new ElementAddress(ElementAddress.Type.STORAGE, 3),
                new ElementAddress(ElementAddress.Type.IMPORT_EXPORT, 49));
        refused(() -> bodies.move(""), null);
        refused(() -> bodies.move("{\"from\": {\"type\": \"STORAGE\", \"number\": 3}}"), "to");
        refused(() -> bodies.move("{\"from\": {\"type\": \"DATA_TRANSFER\", \"number\": 0}, \"to\": {}}"), "from.type");
        refused(() -> bodies.move("{\"from\": {\"type\": \"STORAGE\"}, \"to\": {}}"), "from.number");
        refused(() -> bodies.move("{\"from\": {\"type\": \"STORAGE\", \"number\": 1, \"x\": 2}, \"to\": {}}"), "from.x");
    }

    @Test
    void drivesAndLimitsAreWholeNumbersInTheirRange() {
        assertThat(ForwardBodies.drive("0")).isZero();
        refused(() -> ForwardBodies.drive("abc"), "drive");
        refused(() -> ForwardBodies.drive("-1"), "drive");
        refused(() -> ForwardBodies.drive("9".repeat(5000)), "drive");
        assertThat(ForwardBodies.jobLimit(null)).isEqualTo(100);
        assertThat(ForwardBodies.jobLimit("1000")).isEqualTo(1000);
        refused(() -> ForwardBodies.jobLimit("0"), "limit");
        refused(() -> ForwardBodies.jobLimit("1001"), "limit");
        refused(() -> ForwardBodies.jobLimit("ten"), "limit");
    }
}

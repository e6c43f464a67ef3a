package io.tapelib.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.AuditQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GET /api/v1/audit's parameters: defaults, and the field each malformed one is refused by. */
class AuditQueryParametersTest {
    @Test
    void defaultsAndWellFormedValues() {
        assertThat(AuditResource.query(null, null, null, null, null))
                .isEqualTo(new AuditQuery(null, null, null, 0, 1_000));
        assertThat(AuditResource.query("/dir/", "2026-12-05T09:00:00Z", "2026-12-06T09:00:00.5Z", "42", "10000"))
                .isEqualTo(new AuditQuery("/dir/", Instant.parse("2026-12-05T09:00:00Z"),
                        Instant.parse("2026-12-06T09:00:00.5Z"), 42, 10_000));
    }

    @Test
    void eachMalformedParameterIsNamed() {
        assertRefused("limit", null, null, null, null, "0");
        assertRefused("limit", null, null, null, null, "10001");
        assertRefused("limit", null, null, null, null, "-1");
        assertRefused("limit", null, null, null, null, "abc");
        assertRefused("cursor", null, null, null, "-3", null);
        assertRefused("cursor", null, null, null, "x".repeat(1_000_000), null);
        assertRefused("since", null, "yesterday", null, null, null);
        assertRefused("until", null, null, "2026-13-01T00:00:00Z", null, null);
        assertRefused("until", null, "2026-12-05T09:00:00Z", "2026-12-04T09:00:00Z", null, null);
        assertRefused("path", "relative/path", null, null, null, null);
        assertRefused("path", "/" + "a".repeat(5000), null, null, null, null);
    }

    @Test
    void aLongValueIsNotEchoedWhole() {
        assertThatThrownBy(() -> AuditResource.query(null, null, null, "y".repeat(10_000), null))
                .hasMessageContaining("y".repeat(InvalidFieldException.ECHO_LIMIT) + "...")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    private static void assertRefused(String field, String path, String since, String until, String cursor,
                                      String limit) {
        assertThatThrownBy(() -> AuditResource.query(path, since, until, cursor, limit))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}

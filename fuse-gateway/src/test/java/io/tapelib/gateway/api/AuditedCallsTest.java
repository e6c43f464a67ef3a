package io.tapelib.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outcome an audited REST call is recorded with. */
class AuditedCallsTest {
    @Test
    void successIsOkAndEachFailureItsClosestErrno() {
        assertThat(AuditedCalls.outcome(200)).isEqualTo("ok");
        assertThat(AuditedCalls.outcome(202)).isEqualTo("ok");
        assertThat(AuditedCalls.outcome(400)).isEqualTo("EINVAL");
        assertThat(AuditedCalls.outcome(401)).isEqualTo("EACCES");
        assertThat(AuditedCalls.outcome(404)).isEqualTo("ENOENT");
        assertThat(AuditedCalls.outcome(409)).isEqualTo("EBUSY");
        assertThat(AuditedCalls.outcome(413)).isEqualTo("E2BIG");
        assertThat(AuditedCalls.outcome(503)).isEqualTo("EAGAIN");
        assertThat(AuditedCalls.outcome(500)).isEqualTo("EIO");
    }
}

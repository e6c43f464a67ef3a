package io.tapelib.gateway.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControllerUnavailableExceptionTest {

    private static boolean transientCode(String code, String message) {
        return new ControllerUnavailableException(code, message, null).transientFailure();
    }

    @Test
    void transientIsDecidedByTheStatusCodeAlone() {
        assertThat(transientCode("UNAVAILABLE", "Migrate failed with UNAVAILABLE")).isTrue();
        assertThat(transientCode("DEADLINE_EXCEEDED", "")).isTrue();
        assertThat(transientCode("ABORTED", "")).isTrue();
        assertThat(transientCode("RESOURCE_EXHAUSTED", "Migrate failed with RESOURCE_EXHAUSTED: no room left"))
                .as("no 'queue' in the text, still transient").isTrue();

        assertThat(transientCode("FAILED_PRECONDITION", "try again later: the queue is full"))
                .as("words in the message do not make a refusal transient").isFalse();
        assertThat(transientCode("NOT_FOUND", "unknown volume tag")).isFalse();
        assertThat(transientCode("INTERNAL", "")).isFalse();
        assertThat(transientCode("CANCELLED", "migration interrupted")).isFalse();
    }
}

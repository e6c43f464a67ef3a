package io.tapelib.controller.device.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesStdoutStderrAndExitStatusSeparately() {
        CommandResult result = runner.run(List.of("sh", "-c", "echo loaded; echo 'Request Sense: Not Ready' >&2; exit 3"),
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("loaded\n");
        assertThat(result.stderr()).isEqualTo("Request Sense: Not Ready\n");
        assertThat(result.output()).isEqualTo("loaded\nRequest Sense: Not Ready");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledAndReported() {
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(200)))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("sleep 30");
    }

    @Test
    void aMissingProgramNamesItself() {
        assertThatThrownBy(() -> runner.run(List.of("no-such-mtx-binary", "status"), Duration.ofSeconds(5)))
                .isInstanceOf(CommandStartException.class)
                .hasMessageContaining("no-such-mtx-binary");
    }
}

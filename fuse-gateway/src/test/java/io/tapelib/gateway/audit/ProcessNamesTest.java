package io.tapelib.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process names from /proc/PID/comm, remembered for a short while. */
class ProcessNamesTest {
    @TempDir
    Path proc;

    @Test
    void aNameIsReadOnceWithinItsLifetimeAndAgainAfterIt() throws Exception {
        AtomicLong nanos = new AtomicLong();
        ProcessNames names = new ProcessNames(proc, Duration.ofSeconds(2), nanos::get);
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/comm"), "cp\n");
        assertThat(names.of(77)).isEqualTo("cp");
        // the pid was reused: within the lifetime the remembered name is answered, without reading /proc
        Files.writeString(proc.resolve("77/comm"), "tar\n");
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(names.of(77)).isEqualTo("cp");
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(names.of(77)).isEqualTo("tar");
    }

    @Test
    void aGoneProcessOrNoPidHasNoName() {
        ProcessNames names = new ProcessNames(proc, Duration.ofSeconds(2));
        assertThat(names.of(12345)).isNull();
        assertThat(names.of(0)).isNull();
        assertThat(names.of(-1)).isNull();
    }

    @Test
    void thisJvmsOwnNameIsReadFromTheRealProc() {
        assertThat(new ProcessNames().of((int) ProcessHandle.current().pid())).isNotBlank();
    }
}

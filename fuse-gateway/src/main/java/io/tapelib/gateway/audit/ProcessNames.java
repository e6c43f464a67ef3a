package io.tapelib.gateway.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Process names by pid, from {@code /proc/PID/comm} (proc(5): the command name, at most 15 bytes, newline-ended).
 * Read on the calling thread while the process still exists, and remembered briefly (Caffeine) so that one process
 * making 100,000 files has its name read a few times, not 100,000; briefly, because pids are reused.
 */
public final class ProcessNames {
    /** How long a name is remembered: a pid reused within it would show the old name. */
    static final Duration LIFETIME = Duration.ofSeconds(2);
    private static final int MAXIMUM = 4096;

    private final Path proc;
    private final Cache<Integer, Optional<String>> names;

    /** Names from the system's /proc. */
    public ProcessNames() {
        this(Path.of("/proc"), LIFETIME);
    }

    /** Names from {@code proc} (tests give a directory of their own), remembered for {@code lifetime}. */
    ProcessNames(Path proc, Duration lifetime) {
        this.proc = proc;
        this.names = Caffeine.newBuilder().maximumSize(MAXIMUM).expireAfterWrite(lifetime).build();
    }

    /** The name of process {@code pid}; null when {@code pid} is not positive or the process is gone. */
    public String of(int pid) {
        if (pid <= 0) {
            return null;
        }
        return names.get(pid, this::read).orElse(null);
    }

    private Optional<String> read(int pid) {
        try {
            String comm = Files.readString(proc.resolve(Integer.toString(pid)).resolve("comm"), StandardCharsets.UTF_8);
            return Optional.of(comm.strip());
        } catch (IOException | RuntimeException e) {
            // The process ended before we looked (the FUSE call may outlive it): nothing to name.
            return Optional.empty();
        }
    }
}

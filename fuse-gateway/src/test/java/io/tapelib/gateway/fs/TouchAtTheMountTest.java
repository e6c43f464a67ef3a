package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.NamespaceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code touch -m}, {@code touch -a} and plain {@code touch} on a real FUSE mount of {@link TapeLibraryFuse} over the
 * real {@link CatalogNamespace}: utimensat(2) with UTIME_OMIT / UTIME_NOW reaches the filesystem because the
 * operations structure sets {@code flag_utime_omit_ok}. Checked as a user would, with {@code stat -c '%X %Y'}.
 * Needs root, /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
class TouchAtTheMountTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long START_ATIME = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
    private static final long START_MTIME = Instant.parse("1995-06-07T08:09:10Z").getEpochSecond();

    @TempDir
    Path temp;

    private Catalog catalog;
    private CacheStore cache;
    private MountManager manager;
    private String file;

    @BeforeEach
    void mountWithOneFile() throws IOException {
        catalog = Catalog.open(temp.resolve("catalog.db"));
        cache = new CacheStore(temp.resolve("cache"), 10_000_000);
        CatalogNamespace namespace = new CatalogNamespace(catalog, cache, inode -> { }, Clock.systemUTC(),
                new NamespaceConfig(Duration.ofSeconds(5), 255));
        manager = new MountManager(namespace, temp.resolve("mnt"), TIMEOUT);
        manager.mount();
        file = Files.writeString(temp.resolve("mnt/F"), "x").toString();
        touch("-a", "-d", "1990-01-01 00:00:00", file);
        touch("-m", "-d", "1995-06-07 08:09:10", file);
    }

    @AfterEach
    void unmount() {
        try {
            manager.unmount();
        } finally {
            LazyUnmounter.detach(manager.mountPoint(), TIMEOUT);
            cache.close();
            catalog.close();
        }
    }

    @Test
    void touchMinusMSetsTheModificationTimeAndLeavesTheAccessTime() {
        assertThat(statAtimeMtime()).isEqualTo(START_ATIME + " " + START_MTIME);

        touch("-m", "-d", "2001-02-03 04:05:06", file);

        assertThat(statAtimeMtime())
                .isEqualTo(START_ATIME + " " + Instant.parse("2001-02-03T04:05:06Z").getEpochSecond());
    }

    @Test
    void touchMinusASetsTheAccessTimeAndLeavesTheModificationTime() {
        touch("-a", "-d", "2002-03-04 05:06:07", file);

        assertThat(statAtimeMtime())
                .isEqualTo(Instant.parse("2002-03-04T05:06:07Z").getEpochSecond() + " " + START_MTIME);
    }

    @Test
    void touchMinusMWithoutADateSetsOnlyTheModificationTimeToNow() {
        long before = Instant.now().getEpochSecond();

        touch("-m", file);

        String[] times = statAtimeMtime().split(" ");
        assertThat(Long.parseLong(times[0])).isEqualTo(START_ATIME);
        assertThat(Long.parseLong(times[1])).isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void plainTouchSetsBothTimesToTheSameNow() {
        long before = Instant.now().getEpochSecond();

        touch(file);

        String[] times = statAtimeMtime().split(" ");
        assertThat(times[0]).isEqualTo(times[1]);
        assertThat(Long.parseLong(times[1])).isBetween(before, Instant.now().getEpochSecond());
    }

    private String statAtimeMtime() {
        return run("stat", "-c", "%X %Y", file).strip();
    }

    private static void touch(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "touch";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        run(command);
    }

    /** Runs a command in UTC (touch -d reads local time) and returns its standard output; fails on a non-zero exit. */
    private static String run(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("TZ", "UTC");
            Process process = builder.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(List.of(command) + " did not finish in 20 s");
            }
            String text = output.get();
            assertThat(process.exitValue()).as("%s: %s", List.of(command), text).isZero();
            return text;
        } catch (IOException | ExecutionException e) {
            throw new AssertionError("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

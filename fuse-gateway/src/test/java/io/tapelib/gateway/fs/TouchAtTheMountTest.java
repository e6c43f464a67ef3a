package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.namespace.CatalogNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

    private static final long START_ATIME = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
    private static final long START_MTIME = Instant.parse("1995-06-07T08:09:10Z").getEpochSecond();

    @TempDir
    Path temp;

    private RealMount mounted;
    private String file;

    @BeforeEach
    void mountWithOneFile() throws IOException {
        mounted = new RealMount(temp, 10_000_000);
        file = Files.writeString(temp.resolve("mnt/F"), "x").toString();
        touch("-a", "-d", "1990-01-01 00:00:00", file);
        touch("-m", "-d", "1995-06-07 08:09:10", file);
    }

    @AfterEach
    void unmount() {
        mounted.close();
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
        return RealMount.run(0, "stat", "-c", "%X %Y", file).strip();
    }

    private static void touch(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "touch";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        RealMount.run(0, command);
    }
}

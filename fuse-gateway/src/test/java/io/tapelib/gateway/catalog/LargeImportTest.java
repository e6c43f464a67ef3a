package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

/** A tape index of 100,000 entries (the size DESIGN section 1 expects per tape) imports in seconds. */
class LargeImportTest {
    private static final int DIRECTORIES = 1_000;
    private static final int FILES_PER_DIRECTORY = 99;
    private static final Instant MTIME = Instant.parse("2024-06-01T12:00:00.000000001Z");

    @TempDir
    Path dir;

    @Test
    void importsAHundredThousandEntriesInSeconds() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            VolumeRecord volume = new VolumeRecord("BIG001L5", "uuid", VolumeState.LTFS, 1, 1_425_000_000_000L,
                    1_000_000_000L, 524_288, MTIME);
            long started = System.nanoTime();
            ImportSummary summary = catalog.importVolume(volume, new SyntheticIndex());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(summary.entries()).isEqualTo(DIRECTORIES * (FILES_PER_DIRECTORY + 1L));
            assertThat(catalog.inodeCount()).isEqualTo(summary.entries() + 1);
            assertThat(catalog.resolve("/d0999/f0098").orElseThrow().size()).isEqualTo(98 * 1000L);
            assertThat(took).as("import time").isLessThan(Duration.ofSeconds(30));
        }
    }

    /** Directories d0000..d0999, each with files f0000..f0098 of (n * 1000) bytes, streamed as a tape sends them. */
    private static final class SyntheticIndex implements Iterator<TapeEntry> {
        private int directory;
        private int file = -1;

        @Override
        public boolean hasNext() {
            return directory < DIRECTORIES;
        }

        @Override
        public TapeEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String directoryPath = String.format("d%04d", directory);
            TapeEntry entry;
            if (file < 0) {
                entry = new TapeEntry(directoryPath, FileKind.DIRECTORY, 0, 0755, 0, 0, MTIME, MTIME, MTIME, MTIME, null,
                        List.of(), List.of());
            } else {
                long size = file * 1000L;
                entry = new TapeEntry(directoryPath + String.format("/f%04d", file), FileKind.FILE, size, 0644, 0, 0,
                        MTIME, MTIME, MTIME, MTIME, null,
                        List.of(new ExtentRecord(1, directory * 100L + file, 0, size, 0)), List.of());
            }
            if (++file == FILES_PER_DIRECTORY) {
                file = -1;
                directory++;
            }
            return entry;
        }
    }
}

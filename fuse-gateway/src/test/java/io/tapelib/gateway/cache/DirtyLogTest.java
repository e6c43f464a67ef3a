package io.tapelib.gateway.cache;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirtyLogTest {
    private static final Instant TIME = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    private static DirtyRecord record(long inode, String path, long size) {
        return new DirtyRecord(inode, path, size, 0644, 1000, 1000, TIME, TIME);
    }

    private DirtyLog open() throws IOException {
        return DirtyLog.open(dir, new DirtyJournal(dir));
    }

    private Path file() {
        return dir.resolve(DirtyLog.NAME);
    }

    private static List<String> paths(DirtyLog log) throws IOException {
        List<String> paths = new ArrayList<>();
        for (long inode : log.inodes()) {
            paths.add(log.read(inode).path());
        }
        return paths;
    }

    @Test
    void theNewestRecordOfEachInodeAndItsRemovalReadBackAfterReopening() throws IOException {
        try (DirtyLog log = open()) {
            log.append(List.of(record(1, "/one", 1), record(2, "/two", 2)));
            log.append(List.of(record(1, "/one", 11),
                    new DirtyRecord(3, "/link", 4, 0777, 0, 0, TIME, TIME, FileKind.SYMLINK, TIME, TIME, "/tgt", 0,
                            Map.of("user.x", new byte[] {0, 1}), List.of("/other"))));
            log.remove(2);
            log.remove(99);   // none: nothing appended
        }
        try (DirtyLog log = open()) {
            assertThat(log.inodes()).containsExactlyInAnyOrder(1L, 3L);
            assertThat(log.read(1)).isEqualTo(record(1, "/one", 11));
            assertThat(log.read(3).symlinkTarget()).isEqualTo("/tgt");
            assertThat(log.read(3).xattrs().get("user.x")).containsExactly(0, 1);
            assertThat(log.read(3).links()).containsExactly("/other");
        }
    }

    @Test
    void aTornLastFrameIsCutOffAndLaterAppendsReadBack() throws IOException {
        try (DirtyLog log = open()) {
            log.append(List.of(record(1, "/kept", 1)));
            log.append(List.of(record(2, "/torn", 2)));
        }
        long whole = Files.size(file());
        try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
            raw.setLength(whole - 5);   // the power went during the second append
        }
        try (DirtyLog log = open()) {
            assertThat(paths(log)).containsExactly("/kept");
            log.append(List.of(record(3, "/after", 3)));
        }
        try (DirtyLog log = open()) {
            assertThat(paths(log)).containsExactlyInAnyOrder("/kept", "/after");
        }
    }

    @Test
    void aTailOfZerosOrOfAFrameThatFailsItsCrcIsIgnored() throws IOException {
        try (DirtyLog log = open()) {
            log.append(List.of(record(1, "/kept", 1), record(2, "/flipped", 2)));
        }
        byte[] bytes = Files.readAllBytes(file());
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("/flipped");
        bytes[at + 1] ^= 0x20;   // "/fLipped": the length and the JSON still fit, the CRC does not
        Files.write(file(), bytes);
        Files.write(file(), new byte[4096], StandardOpenOption.APPEND);   // a block the power loss left unwritten

        try (DirtyLog log = open()) {
            assertThat(paths(log)).containsExactly("/kept");
            assertThat(log.size()).isEqualTo(Files.size(file()));
        }
    }

    @Test
    void compactionKeepsTheLiveRecordsOnlyAndWaitsUntilTheFileHasGrownToSeveralTimesThem() throws IOException {
        try (DirtyLog log = open()) {
            log.compactFrom(0);
            log.append(List.of(record(1, "/one", 0), record(2, "/two", 0)));
            assertThat(log.compactIfWorthIt()).as("all live").isFalse();
            for (int size = 1; size <= 20; size++) {
                log.append(List.of(record(1, "/one", size)));
            }
            log.remove(2);
            long grown = log.size();

            assertThat(log.compactIfWorthIt()).isTrue();

            assertThat(log.size()).isLessThan(grown / 10).isEqualTo(Files.size(file()));
            assertThat(log.read(1)).isEqualTo(record(1, "/one", 20));
            assertThat(log.compactIfWorthIt()).isFalse();
            log.append(List.of(record(4, "/four", 4)));
        }
        assertThat(dir.resolve(DirtyLog.NAME + ".tmp")).doesNotExist();
        try (DirtyLog log = open()) {
            assertThat(log.inodes()).containsExactlyInAnyOrder(1L, 4L);
            assertThat(log.read(1)).isEqualTo(record(1, "/one", 20));
            assertThat(log.read(4)).isEqualTo(record(4, "/four", 4));
        }
    }

    @Test
    void aSmallJournalIsNotCompacted() throws IOException {
        try (DirtyLog log = open()) {
            for (int size = 0; size < 100; size++) {
                log.append(List.of(record(1, "/one", size)));
            }
            assertThat(log.compactIfWorthIt()).as("under %d bytes", DirtyLog.COMPACT_MIN_BYTES).isFalse();
        }
    }

    @Test
    void theJournalIsMadeByTheFirstAppendNotByOpening() throws IOException {
        try (DirtyLog log = open()) {
            log.remove(1);
            log.force();
            assertThat(log.compactIfWorthIt()).isFalse();
            assertThat(file()).doesNotExist();
            log.append(List.of(record(1, "/one", 1)));
        }
        try (DirtyLog log = open()) {
            assertThat(paths(log)).containsExactly("/one");
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException {
        Files.writeString(file(), "{\"inode\":1}");

        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("not a dirty journal");
    }

    @Test
    void explodingWritesOneRecordFilePerLiveEntryAndDeletesTheJournal() throws IOException {
        try (DirtyLog log = open()) {
            log.append(List.of(record(1, "/one", 1), record(2, "/two", 2)));
            log.remove(1);
        }

        assertThat(DirtyLog.explode(dir, new DirtyJournal(dir))).isEqualTo(1);

        assertThat(file()).doesNotExist();
        assertThat(dir.resolve("1.dirty")).doesNotExist();
        assertThat(new DirtyJournal(dir).read(dir.resolve("2.dirty"))).isEqualTo(record(2, "/two", 2));
    }
}

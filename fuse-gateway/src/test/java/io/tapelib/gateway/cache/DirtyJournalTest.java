package io.tapelib.gateway.cache;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirtyJournalTest {
    private static final Instant MTIME = Instant.parse("2024-11-05T08:00:00.123456789Z");
    private static final Instant ATIME = Instant.parse("2025-01-02T03:04:05.5Z");
    private static final Instant CTIME = Instant.parse("2025-06-07T08:09:10Z");

    @TempDir
    Path dir;

    @Test
    void everyKindOfDirtyEntryReadsBackAsWritten() throws IOException {
        DirtyJournal journal = new DirtyJournal(dir);
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        xattrs.put("user.text", "grün".getBytes(StandardCharsets.UTF_8));
        xattrs.put("user.binary", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80});
        List<DirtyRecord> records = List.of(
                new DirtyRecord(11, "/a/file", 5, 0640, 1000, 100, MTIME, CTIME, FileKind.FILE, ATIME, CTIME, null, 0,
                        xattrs, List.of("/a/second name", "/b/third")),
                new DirtyRecord(12, "/a/empty dir", 0, 0750, 0, 0, MTIME, CTIME, FileKind.DIRECTORY, ATIME, CTIME,
                        null, 0, Map.of(), List.of()),
                new DirtyRecord(13, "/a/link", 6, 0777, 1, 2, MTIME, CTIME, FileKind.SYMLINK, ATIME, CTIME,
                        "../tgt", 0, Map.of(), List.of()));

        for (DirtyRecord record : records) {
            journal.write(record, false);
            DirtyRecord read = journal.read(journal.file(record.inode()));
            assertThat(read.sameAs(record)).as("%s read back as %s", record, read).isTrue();
        }
        assertThat(journal.read(journal.file(11)).xattrs().get("user.binary"))
                .containsExactly(0, (byte) 0xff, 0x7f, (byte) 0x80);
        assertThat(Files.readString(journal.file(11))).as("binary values as base64")
                .contains("\"user.binary\":\"AP9/gA==\"");
    }

    @Test
    void aRecordWrittenBeforeIssue11ReadsAsAFileWithItsTimesEqualToMtime() throws IOException {
        DirtyJournal journal = new DirtyJournal(dir);
        Files.writeString(journal.file(7), "{\"inode\":7,\"path\":\"/old\",\"size\":3,\"mode\":420,\"uid\":5,\"gid\":6,"
                + "\"mtime\":\"2024-11-05T08:00:00.123456789Z\",\"dirtySince\":\"2025-06-07T08:09:10Z\"}");

        DirtyRecord read = journal.read(journal.file(7));

        assertThat(read.sameAs(new DirtyRecord(7, "/old", 3, 0644, 5, 6, MTIME, CTIME))).isTrue();
        assertThat(read.kind()).isEqualTo(FileKind.FILE);
        assertThat(read.atime()).isEqualTo(MTIME);
        assertThat(read.ctime()).isEqualTo(MTIME);
        assertThat(read.symlinkTarget()).isNull();
        assertThat(read.xattrs()).isEmpty();
        assertThat(read.links()).isEmpty();
    }

    @Test
    void aKindThisGatewayDoesNotKnowIsABadRecordNotAFile() throws IOException {
        DirtyJournal journal = new DirtyJournal(dir);
        Files.writeString(journal.file(8), "{\"inode\":8,\"path\":\"/x\",\"size\":0,\"mode\":420,\"uid\":0,\"gid\":0,"
                + "\"mtime\":\"2024-11-05T08:00:00Z\",\"dirtySince\":\"2024-11-05T08:00:00Z\",\"kind\":\"TELEPORTER\"}");

        assertThatThrownBy(() -> journal.read(journal.file(8))).isInstanceOf(IOException.class)
                .hasMessageContaining("TELEPORTER");
    }
}

package io.tapelib.controller.drive.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSyncTest {
    @TempDir
    Path directory;

    private final RecordSync sync = new RecordSync();

    @Test
    void aBatchOfRecordsIsWrittenOutWholeWithTheirContent() throws IOException {
        List<Path> records = records(RecordSync.PER_FILE_LIMIT + 4);

        sync.sync(directory, records);

        for (int i = 0; i < records.size(); i++) {
            assertArrayEquals(content(i), Files.readAllBytes(records.get(i)));
        }
    }

    @Test
    void aRecordDiscardedSinceItWasWrittenIsSkipped() throws IOException {
        List<Path> records = records(3);
        Files.delete(records.get(1));

        assertDoesNotThrow(() -> sync.sync(directory, records));
    }

    @Test
    void aDirectoryThatIsGoneFailsTheSyncOfABatch() throws IOException {
        List<Path> records = records(RecordSync.PER_FILE_LIMIT + 1);
        Path gone = directory.resolve("gone");
        List<Path> elsewhere = records.stream().map(record -> gone.resolve(record.getFileName())).toList();

        assertThrows(IOException.class, () -> sync.sync(gone, elsewhere));
    }

    private List<Path> records(int count) throws IOException {
        List<Path> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Files.write(directory.resolve("1_" + i + "_R"), content(i)));
        }
        return records;
    }

    private static byte[] content(int i) {
        return ("record " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}

package io.tapelib.controller.drive.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordWriterTest {
    /** On the disk the build runs on (ext4 here: O_DIRECT), not tmpfs. */
    @TempDir
    Path directory;

    private final RecordWriter writer = new RecordWriter();

    @ParameterizedTest
    @ValueSource(ints = {1, 4095, 4096, 4097, 524288, 524288 + 17, RecordWriter.PIECE_BYTES + 4096 * 3 + 5,
            3 * RecordWriter.PIECE_BYTES})
    void aRecordHoldsExactlyTheBytesGivenWhateverTheirAlignment(int length) throws IOException {
        byte[] data = random(length + 9, length);
        Path record = directory.resolve("1_0_R");

        writer.write(record, data, 9, length);

        assertArrayEquals(Arrays.copyOfRange(data, 9, length + 9), Files.readAllBytes(record));
    }

    @Test
    void aShorterRecordWrittenOverALongerOneReplacesItWhole() throws IOException {
        Path record = directory.resolve("1_0_R");
        writer.write(record, random(RecordWriter.PIECE_BYTES, 1), 0, RecordWriter.PIECE_BYTES);
        byte[] shorter = random(8192 + 100, 2);

        writer.write(record, shorter, 0, shorter.length);

        assertArrayEquals(shorter, Files.readAllBytes(record));
    }

    @Test
    void onAFilesystemWithoutODirectRecordsAreWrittenThroughThePageCache() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return;   // no tmpfs to try on
        }
        Path tmpfs = Files.createTempDirectory(shm, "record-writer");
        try {
            byte[] data = random(524288 + 3, 3);
            Path record = tmpfs.resolve("1_0_R");

            writer.write(record, data, 0, data.length);

            assertArrayEquals(data, Files.readAllBytes(record));
        } finally {
            try (var files = Files.list(tmpfs)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(tmpfs);
        }
    }

    @Test
    void aDirectoryThatIsGoneFailsTheWrite() {
        Path record = directory.resolve("gone").resolve("1_0_R");

        assertThrows(IOException.class, () -> writer.write(record, new byte[8192], 0, 8192));
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

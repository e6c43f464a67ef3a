package io.tapelib.controller.drive.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class RecordFilesTest {
    /** Where JUnit puts it: on this machine's disk (ext4, which takes O_DIRECT). */
    @TempDir
    Path directory;

    private final RecordFiles files = new RecordFiles();

    @ParameterizedTest
    @ValueSource(ints = {1, 4095, 4096, 4097, 524288, 524288 + 17, RecordFiles.PIECE_BYTES + 4096 * 3 + 5,
            3 * RecordFiles.PIECE_BYTES})
    void aRecordHoldsExactlyTheBytesGivenWhateverTheirAlignmentAndReadsBackWhole(int length) throws IOException {
        byte[] data = random(length + 9, length);
        Path record = directory.resolve("1_0_R");

        files.write(record, data, 9, length);

        byte[] expected = Arrays.copyOfRange(data, 9, length + 9);
        assertArrayEquals(expected, Files.readAllBytes(record));
        byte[] buffer = new byte[length + 100];
        assertEquals(length, files.read(record, buffer, length));
        assertArrayEquals(expected, Arrays.copyOf(buffer, length));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 4096, 8192 + 100, RecordFiles.PIECE_BYTES + 4096})
    void aFileShorterThanTheRecordSaysHowMuchItHeld(int length) throws IOException {
        byte[] data = random(length, 4);
        Path record = directory.resolve("1_0_R");
        files.write(record, data, 0, length);

        byte[] buffer = new byte[length + 2 * RecordFiles.PIECE_BYTES];
        int read = files.read(record, buffer, length + RecordFiles.PIECE_BYTES);

        assertEquals(length, read);
        assertArrayEquals(data, Arrays.copyOf(buffer, length));
    }

    @Test
    void aShorterRecordWrittenOverALongerOneReplacesItWhole() throws IOException {
        Path record = directory.resolve("1_0_R");
        files.write(record, random(RecordFiles.PIECE_BYTES, 1), 0, RecordFiles.PIECE_BYTES);
        byte[] shorter = random(8192 + 100, 2);

        files.write(record, shorter, 0, shorter.length);

        assertArrayEquals(shorter, Files.readAllBytes(record));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4096, 524288 + 3})
    void withoutODirectRecordsAreWrittenAndReadThroughThePageCache(int length) throws IOException {
        RecordFiles buffered = new RecordFiles(false);
        byte[] data = random(length, 3);
        Path record = directory.resolve("1_0_R");

        buffered.write(record, data, 0, length);

        assertArrayEquals(data, Files.readAllBytes(record));
        byte[] buffer = new byte[length];
        assertEquals(length, buffered.read(record, buffer, length));
        assertArrayEquals(data, buffer);
    }

    @Test
    void aDirectoryThatIsGoneFailsTheWriteAndAMissingRecordTheRead() {
        Path record = directory.resolve("gone").resolve("1_0_R");

        assertThrows(IOException.class, () -> files.write(record, new byte[8192], 0, 8192));
        assertThrows(IOException.class, () -> files.read(directory.resolve("1_7_R"), new byte[8192], 8192));
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

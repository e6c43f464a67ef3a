package io.tapelib.controller.drive.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriteBehindTest {
    /** On this machine's disk (ext4, which takes O_DIRECT). */
    @TempDir
    Path directory;

    private final RecordWriteBehind behind = new RecordWriteBehind("test-drive", new RecordFiles());
    /** The follow-up steps run, in the order they ran (on the buffer's thread). */
    private final List<Long> stepsRun = Collections.synchronizedList(new ArrayList<>());

    @Test
    void recordsReachTheDirectoryInTheOrderGivenWithTheirStepsOnceDrained() throws IOException {
        int[] lengths = {524288, 1, 4096, 4097, 524288 + 17, RecordFiles.PIECE_BYTES, 100, 524288, 524288, 3};
        List<byte[]> given = new ArrayList<>();
        for (int block = 0; block < lengths.length; block++) {
            byte[] data = random(lengths[block] + 5, block);
            given.add(Arrays.copyOfRange(data, 5, data.length));
            write(block, data, 5, lengths[block]);
            // the caller may use its array again at once: the buffer holds a copy
            Arrays.fill(data, (byte) 0);
        }

        behind.drain();

        for (int block = 0; block < lengths.length; block++) {
            assertArrayEquals(given.get(block), Files.readAllBytes(record(block)), "record " + block);
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), stepsRun);
    }

    @Test
    void aRecordThatFailsIsReportedAtTheDrainAndNothingGivenAfterItIsWritten() throws IOException {
        write(0, random(4096, 1), 0, 4096);
        write(1, random(4096, 2), 0, 4096);
        behind.write(directory.resolve("missing").resolve("0_2_R"), 0, 2, random(4096, 3), 0, 4096,
                () -> stepsRun.add(2L));
        write(3, random(4096, 4), 0, 4096);
        write(4, random(4096, 5), 0, 4096);

        RecordWriteBehind.DeferredWriteException deferred = assertThrows(
                RecordWriteBehind.DeferredWriteException.class, behind::drain);

        assertEquals(Map.of(0, 2L), deferred.firstUnwritten());
        assertTrue(deferred.getMessage().contains("missing"), deferred.getMessage());
        assertTrue(Files.exists(record(0)) && Files.exists(record(1)));
        assertFalse(Files.exists(record(3)) || Files.exists(record(4)), "a record given after the failed one");
        assertEquals(List.of(0L, 1L), stepsRun);

        // reported once: the drive writes again after it
        write(2, random(100, 6), 0, 100);
        behind.drain();
        assertEquals(100, Files.size(record(2)));
    }

    @Test
    void aRecordLongerThanABufferIsRefused() {
        assertFalse(RecordWriteBehind.fits(RecordFiles.PIECE_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> write(0, new byte[RecordFiles.PIECE_BYTES + 1], 0,
                RecordFiles.PIECE_BYTES + 1));
    }

    private void write(long block, byte[] data, int offset, int length) throws IOException {
        behind.write(record(block), 0, block, data, offset, length, () -> stepsRun.add(block));
    }

    private Path record(long block) {
        return directory.resolve("0_" + block + "_R");
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

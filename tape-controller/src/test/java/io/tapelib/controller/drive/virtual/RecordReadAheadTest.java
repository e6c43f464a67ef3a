package io.tapelib.controller.drive.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReadAheadTest {
    /** On this machine's disk (ext4, which takes O_DIRECT). */
    @TempDir
    Path directory;

    private final RecordFiles files = new RecordFiles();
    private final RecordReadAhead readAhead = new RecordReadAhead("test-drive", files);
    /** Partition 0's objects by block: a record's length, 0 for a filemark; EOD after the last. */
    private final Map<Long, Integer> lengths = new HashMap<>();
    private final RecordReadAhead.Records records = new RecordReadAhead.Records() {
        @Override
        public Path path(int partition, long block) {
            return directory.resolve(partition + "_" + block + "_R");
        }

        @Override
        public int length(int partition, long block) {
            return lengths.getOrDefault(block, 0);
        }
    };

    @Test
    void recordsReadInARowAndAfterALocateHoldWhatTheirFilesHold() throws IOException {
        int[] sizes = {524288, 4097, 1, 524288 + 17, RecordFiles.PIECE_BYTES, 0, 100, 524288, 524288, 3, 4096, 77};
        Map<Long, byte[]> content = new HashMap<>();
        for (int block = 0; block < sizes.length; block++) {
            lengths.put((long) block, sizes[block]);
            if (sizes[block] > 0) {
                byte[] data = random(sizes[block], block);
                files.write(records.path(0, block), data, 0, data.length);
                content.put((long) block, data);
            }
        }
        // in a row to the filemark, then from after it to EOD, then a locate back and a few in a row again
        long[] order = {0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 2, 3, 4, 9, 10};
        // records held ahead after each read: none after a read alone, none past the filemark (5) or EOD (12)
        int[] held = {0, 3, 2, 1, 0, 0, 4, 3, 2, 1, 0, 0, 1, 0, 0, 1};
        for (int i = 0; i < order.length; i++) {
            long block = order[i];
            byte[] buffer = new byte[RecordFiles.PIECE_BYTES + 10];
            int length = sizes[(int) block];

            assertEquals(length, readAhead.read(records, 0, block, buffer, length), "block " + block);
            assertArrayEquals(content.get(block), Arrays.copyOf(buffer, length), "block " + block);
            assertEquals(held[i], readAhead.held(), "records read ahead after block " + block);
        }
    }

    @Test
    void afterAForgetARecordHoldsWhatItsFileHoldsNow() throws IOException {
        for (int block = 0; block < 8; block++) {
            lengths.put((long) block, 4096);
            files.write(records.path(0, block), random(4096, block), 0, 4096);
        }
        byte[] buffer = new byte[4096];
        readAhead.read(records, 0, 0, buffer, 4096);
        readAhead.read(records, 0, 1, buffer, 4096);   // in a row: blocks 2 to 5 are read ahead
        assertEquals(4, readAhead.held());

        readAhead.forget();
        assertEquals(0, readAhead.held());
        byte[] rewritten = random(4096, 99);
        Files.write(records.path(0, 2), rewritten);

        assertEquals(4096, readAhead.read(records, 0, 2, buffer, 4096));
        assertArrayEquals(rewritten, buffer);
    }

    @Test
    void aRecordWhoseFileIsShorterThanItsLengthSaysHowMuchItHeld() throws IOException {
        for (int block = 0; block < 4; block++) {
            lengths.put((long) block, 8192);
            files.write(records.path(0, block), random(8192, block), 0, 8192);
        }
        files.write(records.path(0, 3), random(5000, 3), 0, 5000);
        byte[] buffer = new byte[8192];
        for (int block = 0; block < 3; block++) {
            assertEquals(8192, readAhead.read(records, 0, block, buffer, 8192));
        }

        assertEquals(5000, readAhead.read(records, 0, 3, buffer, 8192));
        assertArrayEquals(random(5000, 3), Arrays.copyOf(buffer, 5000));
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

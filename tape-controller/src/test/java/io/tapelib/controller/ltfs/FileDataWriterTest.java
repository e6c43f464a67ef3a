package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FileDataWriter} with the block hashes on a hashing thread ({@link BlockHasher}): the blocks written and the
 * SHA-256 are those of a single thread, and a failure of the stream or the drive propagates as before and leaves no
 * hash queued or running.
 */
class FileDataWriterTest {

    private static final long DATA_EOD = 7;

    private final BlockHasher hasher = new BlockHasher("tape-hash-test");

    @AfterEach
    void closeHasher() {
        hasher.close();
    }

    static Stream<Arguments> sizes() {
        List<Arguments> cases = new ArrayList<>();
        long inline = BlockHasher.INLINE_BELOW;
        for (int blockSize : new int[] {1, 512, 4096, 65536, 524288}) {
            for (long length : new long[] {0, 1, blockSize - 1, blockSize, blockSize + 1, 3L * blockSize,
                    7L * blockSize + 13, inline - 1, inline, inline + 1, (1 << 20) + 3}) {
                // a block of one byte per hand-off makes long files slow; the many-block cases are covered above
                if (length >= 0 && length / blockSize <= 5000) {
                    cases.add(Arguments.of(blockSize, length));
                }
            }
        }
        return cases.stream().distinct();
    }

    @ParameterizedTest(name = "block {0} B, file {1} B")
    @MethodSource("sizes")
    void writesTheBlocksAndTheDigestOfOneThread(int blockSize, long length) {
        byte[] data = randomBytes(length);
        for (BlockHasher each : List.of(hasher, BlockHasher.onCallerThread())) {
            MemoryDrive drive = new MemoryDrive(-1, null);
            FileDataWriter.Appended appended = new FileDataWriter(drive.proxy(), "TL0001L5", blockSize, () -> 0, each)
                    .append("a/file", new RaggedStream(data, 1000 + blockSize / 3), length, DATA_EOD);

            assertThat(appended.sha256Hex()).isEqualTo(sha256(data));
            assertThat(drive.concatenated()).isEqualTo(data);
            long blocks = (length + blockSize - 1) / blockSize;
            assertThat(drive.blocks).hasSize((int) blocks);
            for (int i = 0; i < drive.blocks.size(); i++) {
                assertThat(drive.blocks.get(i).length).as("block %d", i)
                        .isEqualTo((int) Math.min(blockSize, length - (long) i * blockSize));
            }
            assertThat(appended.dataEod()).isEqualTo(DATA_EOD + blocks);
            assertThat(appended.extents()).isEqualTo(length == 0 ? List.of()
                    : List.of(new Extent(LtfsVolume.DATA_PARTITION, DATA_EOD, 0, length, 0)));
            assertThat(each.idle()).isTrue();
        }
    }

    @Test
    void filesOfManyBlocksAreHashedOnTheDrivesHashingThread() {
        byte[] data = randomBytes(1 << 20);
        List<String> hashedOn = new ArrayList<>();
        MemoryDrive drive = new MemoryDrive(-1, null) {
            @Override
            boolean write(byte[] block, int offset, int length) {
                hashedOn.addAll(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(name -> name.startsWith("tape-hash-")).toList());
                return super.write(block, offset, length);
            }
        };
        new FileDataWriter(drive.proxy(), "TL0001L5", 4096, () -> 0, hasher)
                .append("big", new RaggedStream(data, 1 << 20), data.length, DATA_EOD);

        assertThat(hashedOn).contains("tape-hash-test");
    }

    @ParameterizedTest(name = "fails at block {0}")
    @ValueSource(ints = {0, 1, 2, 5})
    void aFailingDriveWritePropagatesAndLeavesNothingRunning(int failingBlock) {
        EndOfMediumException failure = new EndOfMediumException("drive0", "no room");
        MemoryDrive drive = new MemoryDrive(failingBlock, failure);
        byte[] data = randomBytes(8L * 524288);

        assertThatThrownBy(() -> new FileDataWriter(drive.proxy(), "TL0001L5", 524288, () -> 0, hasher)
                .append("a", new RaggedStream(data, 1 << 20), data.length, DATA_EOD)).isSameAs(failure);
        assertThat(hasher.idle()).as("no hash queued or running").isTrue();
        assertThat(drive.blocks).hasSize(failingBlock);
    }

    @Test
    void aShortStreamFailsAsBeforeAndLeavesNothingRunning() {
        MemoryDrive drive = new MemoryDrive(-1, null);
        byte[] data = randomBytes(3L * 65536 + 2);

        assertThatThrownBy(() -> new FileDataWriter(drive.proxy(), "TL0001L5", 65536, () -> 0, hasher)
                .append("short", new RaggedStream(data, 5000), 5L * 65536 + 7, DATA_EOD))
                .isInstanceOf(LtfsException.class)
                .hasMessage("TL0001L5: data for 'short' ended after " + data.length + " of " + (5L * 65536 + 7)
                        + " bytes; the file was not recorded");
        assertThat(hasher.idle()).isTrue();
        assertThat(drive.blocks).hasSize(3);
    }

    @Test
    void aFailingStreamFailsAsBeforeAndLeavesNothingRunning() {
        MemoryDrive drive = new MemoryDrive(-1, null);
        IOException failure = new IOException("reset by peer");
        InputStream failing = new RaggedStream(randomBytes(2L * 65536), 65536) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };

        assertThatThrownBy(() -> new FileDataWriter(drive.proxy(), "TL0001L5", 65536, () -> 0, hasher)
                .append("cut", failing, 4L * 65536, DATA_EOD))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("reading data for 'cut' after 131072 bytes")
                .hasCause(failure);
        assertThat(hasher.idle()).isTrue();
    }

    @Test
    void earlyWarningWithTooMuchLeftFailsAsBeforeAndLeavesNothingRunning() {
        MemoryDrive drive = new MemoryDrive(-1, null);
        drive.earlyWarningFrom = 2;
        byte[] data = randomBytes(6L * 65536);
        FileDataWriter writer = new FileDataWriter(drive.proxy(), "TL0001L5", 65536, () -> 4096, hasher);

        assertThatThrownBy(() -> writer.append("late", new RaggedStream(data, 65536), data.length, DATA_EOD))
                .isInstanceOf(EndOfMediumException.class)
                .hasMessageContaining("early warning with " + 3L * 65536 + " bytes of 'late' still to write");
        assertThat(writer.pastEarlyWarning()).isTrue();
        assertThat(hasher.idle()).isTrue();
    }

    @Test
    void aClosedHasherRefusesFilesOfManyBlocksBeforeTheirFirstWrite() {
        hasher.close();
        MemoryDrive drive = new MemoryDrive(-1, null);
        byte[] data = randomBytes(BlockHasher.INLINE_BELOW * 2);

        assertThatThrownBy(() -> new FileDataWriter(drive.proxy(), "TL0001L5", 4096, () -> 0, hasher)
                .append("after", new RaggedStream(data, 4096), data.length, DATA_EOD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tape-hash-test is shut down");
        assertThat(drive.blocks).isEmpty();
    }

    private static byte[] randomBytes(long length) {
        byte[] data = new byte[(int) length];
        new Random(length).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns at most {@code chunk} bytes per read, as a network stream does. */
    private static class RaggedStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int at;

        RaggedStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** The data partition of a drive in memory: the blocks written since the locate, a failure at one of them. */
    private static class MemoryDrive {
        final List<byte[]> blocks = new ArrayList<>();
        private final int failingBlock;
        private final DeviceException failure;
        /** Writes from this block on report early warning; -1: none. */
        int earlyWarningFrom = -1;
        private long first;

        MemoryDrive(int failingBlock, DeviceException failure) {
            this.failingBlock = failingBlock;
            this.failure = failure;
        }

        boolean write(byte[] block, int offset, int length) {
            if (blocks.size() == failingBlock) {
                throw failure;
            }
            blocks.add(Arrays.copyOfRange(block, offset, offset + length));
            return earlyWarningFrom >= 0 && blocks.size() > earlyWarningFrom;
        }

        byte[] concatenated() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            blocks.forEach(all::writeBytes);
            return all.toByteArray();
        }

        TapeDrive proxy() {
            return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "name" -> "drive0";
                        case "position" -> new TapePosition(LtfsVolume.DATA_PARTITION, first + blocks.size(), true);
                        case "locate" -> {
                            first = (Long) args[1];
                            yield null;
                        }
                        case "writeBlock" -> write((byte[]) args[0], (Integer) args[1], (Integer) args[2]);
                        case "capacity" -> new PartitionCapacity(1L << 30, 1L << 20, 65536);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}

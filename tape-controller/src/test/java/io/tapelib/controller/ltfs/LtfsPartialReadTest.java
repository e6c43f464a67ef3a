package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read from an offset on, as a recall resumed after its stream was cut reads it: the bytes from there are the
 * file's, and the blocks before are not read.
 */
class LtfsPartialReadTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    @AutoClose
    private VirtualLibrary library;
    private final AtomicInteger blocksRead = new AtomicInteger();
    private LtfsVolume volume;

    @BeforeEach
    void format() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(64L << 20).withTimeScale(0));
        library.changer().load(1, 0);
        TapeDrive drive = counting(library.drives().get(0));
        drive.load();
        volume = LtfsVolumes.format(drive, "TL0001L5", new LtfsFormatOptions(BLOCK, 4L << 20));
    }

    /** The drive, counting the logical blocks read. */
    private TapeDrive counting(TapeDrive drive) {
        return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readBlock")) {
                        blocksRead.incrementAndGet();
                    }
                    try {
                        return method.invoke(drive, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251 + 1);
        }
        return bytes;
    }

    private IndexEntry write(String path, byte[] content) {
        return volume.writeFile(new FileMetadata(path, EntryKind.FILE, 0644, 0, 0, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, null), new ByteArrayInputStream(content), content.length).entry();
    }

    /** The bytes handed over from {@code from} on, checked to come in file-offset order without a hole. */
    private byte[] readFrom(IndexEntry file, long from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        volume.readFile(file, from, (offset, buffer, start, length) -> {
            assertThat(offset).as("next offset").isEqualTo(from + out.size());
            out.write(buffer, start, length);
        });
        return out.toByteArray();
    }

    @Test
    void aDenseFileReadFromAnyOffsetGivesItsBytesFromThereAndReadsOnlyTheBlocksHoldingThem() {
        byte[] content = pattern(256 * BLOCK + 123);
        IndexEntry file = write("dense", content);

        for (int from : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 100 * BLOCK + 7, content.length - 1,
                content.length}) {
            blocksRead.set(0);

            byte[] read = readFrom(file, from);

            assertThat(read).as("from " + from).isEqualTo(Arrays.copyOfRange(content, from, content.length));
            long blocksHoldingThem = (content.length + BLOCK - 1) / BLOCK - from / BLOCK;
            assertThat(blocksRead.get()).as("blocks read from " + from)
                    .isEqualTo(from == content.length ? 0 : (int) blocksHoldingThem);
        }
    }

    @Test
    void aSparseFileReadFromAnOffsetGivesZerosForItsGapsFromThereOn() {
        byte[] source = pattern(10_000);
        long start = write("dense", source).extents().get(0).startBlock();
        // 1000 bytes of hole, 3000 bytes from block 0, a hole up to 10000, 2000 bytes from the middle of block 1 (an
        // extent that starts at a byte offset), and a hole up to the length of 30000
        IndexEntry sparse = new IndexEntry("sparse", EntryKind.FILE, 30_000, 0644, 0, 0, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, null, List.of(new Extent(1, start + 1, 100, 2000, 10_000),
                new Extent(1, start, 0, 3000, 1000)), Map.of(), 99, false);
        byte[] whole = new byte[30_000];
        System.arraycopy(source, 0, whole, 1000, 3000);
        System.arraycopy(source, BLOCK + 100, whole, 10_000, 2000);

        for (int from : new int[] {0, 500, 1000, 2500, 3999, 4000, 9999, 10_000, 10_001, 11_999, 12_000, 29_999,
                30_000}) {
            assertThat(readFrom(sparse, from)).as("from " + from)
                    .isEqualTo(Arrays.copyOfRange(whole, from, whole.length));
        }
    }

    @Test
    void anOffsetOutsideTheFileIsRefusedBeforeAnythingIsRead() {
        IndexEntry file = write("small", pattern(100));
        blocksRead.set(0);

        assertThatThrownBy(() -> readFrom(file, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 101 is outside its 100 bytes");
        assertThatThrownBy(() -> readFrom(file, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(blocksRead.get()).isZero();
    }
}

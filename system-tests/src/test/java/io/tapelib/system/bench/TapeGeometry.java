package io.tapelib.system.bench;

import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the logical blocks of a virtual cartridge's data partition lie along the tape, read from the cartridge's
 * directory (its {@code cartridge.json} and one file per logical object, {@code <partition>_<block>_<type>}) the way
 * the virtual drive places them: partition 1 starts after partition 0's wraps and 2 guard wraps (the LTFS reference
 * file backend's model, filedebug_tc.c calc_wrap), each block after the bytes of the records before it.
 */
final class TapeGeometry {
    private static final int GUARD_WRAPS = 2;
    private static final Pattern CAPACITY = Pattern.compile("\"capacityBytes\"\\s*:\\s*(\\d+)");
    private static final Pattern PARTITIONS = Pattern.compile("\"partitionBytes\"\\s*:\\s*\\[\\s*(\\d+)");
    private static final Pattern OBJECT = Pattern.compile("1_(\\d+)_.*");

    private final long capacity;
    private final long dataPartitionStart;
    /** bytesThrough[b]: record bytes of blocks 0..b of the data partition. */
    private final long[] bytesThrough;

    private TapeGeometry(long capacity, long dataPartitionStart, long[] bytesThrough) {
        this.capacity = capacity;
        this.dataPartitionStart = dataPartitionStart;
        this.bytesThrough = bytesThrough;
    }

    /** Reads a cartridge directory of the virtual library (the library must not be written meanwhile). */
    static TapeGeometry read(Path cartridge) throws IOException {
        String json = Files.readString(cartridge.resolve("cartridge.json"));
        long capacity = number(CAPACITY, json);
        long partitionZero = number(PARTITIONS, json);
        long bytesPerWrap = Math.max(1, capacity / TimingModel.LTO5_WRAPS);
        long start = ((partitionZero + bytesPerWrap - 1) / bytesPerWrap + GUARD_WRAPS) * bytesPerWrap;
        long[] lengths = new long[0];
        try (Stream<Path> objects = Files.list(cartridge)) {
            for (Path object : objects.toList()) {
                Matcher matcher = OBJECT.matcher(object.getFileName().toString());
                if (matcher.matches()) {
                    int block = Integer.parseInt(matcher.group(1));
                    if (block >= lengths.length) {
                        lengths = java.util.Arrays.copyOf(lengths, Math.max(block + 1, lengths.length * 2));
                    }
                    lengths[block] = Files.size(object);
                }
            }
        }
        long[] through = new long[lengths.length];
        long sum = 0;
        for (int b = 0; b < lengths.length; b++) {
            sum += lengths[b];
            through[b] = sum;
        }
        return new TapeGeometry(capacity, start, through);
    }

    private static long number(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("cartridge.json without " + pattern + ": " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Record bytes before {@code block} on the data partition. */
    long bytesBefore(long block) {
        if (block <= 0) {
            return 0;
        }
        return bytesThrough[(int) Math.min(block, bytesThrough.length) - 1];
    }

    /** The block after the records of a file of {@code length} bytes starting at {@code startBlock}. */
    long endBlock(long startBlock, long length) {
        long end = startBlock + 1;
        while (end < bytesThrough.length && bytesBefore(end) - bytesBefore(startBlock) < length) {
            end++;
        }
        return end;
    }

    /** Where block {@code block} of the data partition starts along the tape. */
    LongitudinalPosition position(long block) {
        return LongitudinalPosition.of(dataPartitionStart + bytesBefore(block), capacity);
    }
}

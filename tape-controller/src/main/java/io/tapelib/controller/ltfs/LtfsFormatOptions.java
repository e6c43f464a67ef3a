package io.tapelib.controller.ltfs;

/**
 * How {@link LtfsVolumes#format} lays out a cartridge.
 *
 * @param blockSize           logical block size for file data and indexes, in bytes (default 524288, as mkltfs)
 * @param indexPartitionBytes size of the index partition a in bytes; 0 means two of the cartridge's 80 wraps
 *                            (2/80 of its native capacity), the size LTO-5 drives give the first partition
 */
public record LtfsFormatOptions(int blockSize, long indexPartitionBytes) {

    /** Default LTFS block size in bytes (the reference implementation's mkltfs default). */
    public static final int DEFAULT_BLOCK_SIZE = 524288;

    public LtfsFormatOptions {
        if (blockSize < 4096) {
            throw new IllegalArgumentException("LTFS block size must be at least 4096 bytes, got " + blockSize);
        }
        if (indexPartitionBytes < 0) {
            throw new IllegalArgumentException("index partition size must not be negative: " + indexPartitionBytes);
        }
    }

    /** 512 KiB blocks, index partition of two wraps. */
    public static LtfsFormatOptions defaults() {
        return new LtfsFormatOptions(DEFAULT_BLOCK_SIZE, 0);
    }
}

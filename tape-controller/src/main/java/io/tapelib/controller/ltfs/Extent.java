package io.tapelib.controller.ltfs;

/**
 * One data extent of a file (LTFS Format Specification 2.4, section 6.1 and the {@code extent} element of section 9.2).
 *
 * @param partition  0 = index partition a, 1 = data partition b
 * @param startBlock logical block number where the extent starts, within the partition
 * @param byteOffset bytes to skip in the first block before the extent's data begins
 * @param byteCount  length of the extent in bytes
 * @param fileOffset where the extent's data lies in the file, in bytes from the file's start
 */
public record Extent(int partition, long startBlock, long byteOffset, long byteCount, long fileOffset) {
}

package io.tapelib.gateway.controller;

/**
 * Where a run of a file's bytes lies on one tape (LTFS Format Specification 2.4, section 7.6, "extentinfo").
 *
 * @param partition  LTFS partition number (0 = index partition "a", 1 = data partition "b")
 * @param startBlock logical block where the extent starts
 * @param byteOffset bytes to skip in the start block
 * @param byteCount  bytes in the extent
 * @param fileOffset offset of the extent's first byte within the file, bytes
 */
public record TapeExtent(int partition, long startBlock, long byteOffset, long byteCount, long fileOffset) {
}

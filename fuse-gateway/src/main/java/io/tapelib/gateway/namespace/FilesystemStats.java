package io.tapelib.gateway.namespace;

/**
 * What {@code statfs} shows: the library's capacity, in bytes and files.
 *
 * @param totalBytes capacity of all LTFS and blank cartridges' data partitions
 * @param freeBytes  bytes still writable on them
 * @param files      number of inodes in the catalog
 * @param maxNameLength longest name in bytes (255, as LTFS and most filesystems)
 */
public record FilesystemStats(long totalBytes, long freeBytes, long files, int maxNameLength) {
}

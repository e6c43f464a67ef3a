package io.tapelib.gateway.catalog;

/**
 * Data partition totals of the LTFS and blank cartridges the catalog knows (what statfs reports).
 *
 * @param capacityBytes  sum of data partition capacities, bytes
 * @param remainingBytes sum of bytes still writable, bytes
 */
public record LibraryCapacity(long capacityBytes, long remainingBytes) {
}

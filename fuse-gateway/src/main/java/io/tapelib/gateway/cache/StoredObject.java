package io.tapelib.gateway.cache;

/**
 * A complete object in the cache, as start-up reconciliation with the catalog sees it.
 *
 * @param inode the catalog's inode id (the object's file name)
 * @param bytes the object's size, bytes
 * @param dirty true when a dirty journal pins it (its only current copy is here)
 */
public record StoredObject(long inode, long bytes, boolean dirty) {
}

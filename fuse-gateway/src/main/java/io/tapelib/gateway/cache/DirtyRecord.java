package io.tapelib.gateway.cache;

import java.time.Instant;

/**
 * What the dirty journal ({@code objects/<inode>.dirty}, JSON) records of a file whose only current copy is in
 * the cache, so that it survives a lost catalog (shared/DESIGN.md section 7).
 *
 * @param inode      the catalog's inode id, also the object's file name
 * @param path       absolute path within the mount when last recorded
 * @param size       bytes
 * @param mode       permission bits (07777)
 * @param uid        owner
 * @param gid        group
 * @param mtime      last modification
 * @param dirtySince last change made through the mount
 */
public record DirtyRecord(long inode, String path, long size, int mode, int uid, int gid, Instant mtime,
                          Instant dirtySince) {
}

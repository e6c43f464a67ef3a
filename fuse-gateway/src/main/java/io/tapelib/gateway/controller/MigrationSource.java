package io.tapelib.gateway.controller;

import io.tapelib.gateway.posix.FileKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One file to migrate: what the tape's index will say of it, and where its bytes are in the cache.
 *
 * @param fileId        the gateway's id for it (the inode); the report names it
 * @param path          relative to the volume root, no leading slash
 * @param kind          file, symlink, directory (a directory new at the mount, or an ancestor of the batch's
 *                      files sent with its own metadata so the controller does not invent it) or a special file
 *                      (FIFO, device node, socket: no content)
 * @param length        bytes ({@code data} holds exactly this many; 0 for every kind but a file)
 * @param mode          permission bits (07777)
 * @param uid           owner
 * @param gid           group
 * @param times         the times the index records
 * @param symlinkTarget target of a symlink, null otherwise
 * @param data          the cached object; null for every kind but a file
 * @param xattrs        the user's extended attributes, keys as the LTFS index keeps them (without "user.")
 * @param deviceNumber  makedev(major, minor) of a character or block device, 0 otherwise
 * @param links         further paths naming the same file (hard links), relative to the volume root
 */
public record MigrationSource(long fileId, String path, FileKind kind, long length, int mode, int uid, int gid,
                              FileTimes times, String symlinkTarget, Path data, List<TapeIndexEntry.Xattr> xattrs,
                              long deviceNumber, List<String> links) {
    public MigrationSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(times, "times");
        xattrs = xattrs == null ? List.of() : List.copyOf(xattrs);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A file without user attributes, device number or further names. */
    public MigrationSource(long fileId, String path, FileKind kind, long length, int mode, int uid, int gid,
                           FileTimes times, String symlinkTarget, Path data) {
        this(fileId, path, kind, length, mode, uid, gid, times, symlinkTarget, data, List.of(), 0, List.of());
    }
}

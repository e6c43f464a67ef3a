package io.tapelib.gateway.controller;

import io.tapelib.gateway.posix.FileKind;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to migrate: what the tape's index will say of it, and where its bytes are in the cache.
 *
 * @param fileId        the gateway's id for it (the inode); the report names it
 * @param path          relative to the volume root, no leading slash
 * @param kind          file, symlink or directory (a directory new at the mount, or an ancestor of the batch's
 *                      files sent with its own metadata so the controller does not invent it)
 * @param length        bytes ({@code data} holds exactly this many; 0 for a symlink or directory)
 * @param mode          permission bits (07777)
 * @param uid           owner
 * @param gid           group
 * @param times         the times the index records
 * @param symlinkTarget target of a symlink, null otherwise
 * @param data          the cached object; null for symlinks and directories
 */
public record MigrationSource(long fileId, String path, FileKind kind, long length, int mode, int uid, int gid,
                              FileTimes times, String symlinkTarget, Path data) {
    public MigrationSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(times, "times");
    }
}

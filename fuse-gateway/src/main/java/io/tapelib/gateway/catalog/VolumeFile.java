package io.tapelib.gateway.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of one cartridge's own tree: an inode of the merged tree whose path that cartridge's LTFS index holds
 * (a {@code copy} row), with the size and time of the version that cartridge holds.
 *
 * @param inode     the entry as the merged tree holds it now, named as in the directory it was listed or looked up in
 *                  (a further name of a file with hard links keeps that name)
 * @param volumeTag the cartridge
 * @param size      bytes of the version on that cartridge (0 for a directory)
 * @param mtime     modification time of that version, as the cartridge's index records it
 * @param current   whether that version is the content the mount shows ({@code copy.current})
 */
public record VolumeFile(Inode inode, String volumeTag, long size, Instant mtime, boolean current) {
    public VolumeFile {
        Objects.requireNonNull(inode, "inode");
        Objects.requireNonNull(volumeTag, "volumeTag");
        Objects.requireNonNull(mtime, "mtime");
    }
}

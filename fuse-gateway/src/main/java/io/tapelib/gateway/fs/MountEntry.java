package io.tapelib.gateway.fs;

import java.nio.file.Path;

/**
 * One line of /proc/self/mountinfo (proc(5), "/proc/pid/mountinfo"), with the octal escapes of its paths
 * already decoded.
 *
 * @param mountId        unique id of the mount
 * @param parentId       id of the parent mount
 * @param device         the filesystem's device number, {@code MAJOR:MINOR} (for FUSE, its backing device in
 *                       {@code /sys/class/bdi})
 * @param mountPoint     where it is mounted, relative to the process's root
 * @param filesystemType e.g. {@code ext4}, {@code fuse.tapelib}
 * @param source         the mount source, e.g. {@code /dev/sda1} or the FUSE fsname {@code tapelib}
 */
public record MountEntry(int mountId, int parentId, String device, Path mountPoint, String filesystemType, String source) {

    /** True for any FUSE filesystem: type {@code fuse}, {@code fuseblk} or {@code fuse.<subtype>}. */
    public boolean isFuse() {
        return filesystemType.equals("fuse") || filesystemType.equals("fuseblk") || filesystemType.startsWith("fuse.");
    }
}

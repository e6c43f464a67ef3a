package io.tapelib.controller.ltfs;

import java.time.Instant;

/**
 * What a caller says about an entry it writes to a volume.
 *
 * @param path          slash-separated, relative to the volume root; every component at most 255 bytes in UTF-8
 * @param kind          directory, file or symbolic link
 * @param mode          POSIX permission bits (07777)
 * @param symlinkTarget target of a symbolic link, null for other kinds
 * @param deviceNumber  a character or block device's number as Linux encodes it ({@code makedev(major, minor)}),
 *                      0 for other kinds
 */
public record FileMetadata(String path, EntryKind kind, int mode, int uid, int gid, Instant creationTime,
                           Instant changeTime, Instant modifyTime, Instant accessTime, String symlinkTarget,
                           long deviceNumber) {

    /** An entry that is no device. */
    public FileMetadata(String path, EntryKind kind, int mode, int uid, int gid, Instant creationTime,
                        Instant changeTime, Instant modifyTime, Instant accessTime, String symlinkTarget) {
        this(path, kind, mode, uid, gid, creationTime, changeTime, modifyTime, accessTime, symlinkTarget, 0);
    }
}

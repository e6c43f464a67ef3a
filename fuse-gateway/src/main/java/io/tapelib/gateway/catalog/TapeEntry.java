package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One directory, file, symlink or special file of a tape's LTFS index, as the controller sends it (proto
 * {@code tapelib.v1.IndexEntry}).
 *
 * @param path          slash-separated, relative to the volume root, decoded; no leading slash; {@code ""} for the
 *                      volume root itself
 * @param kind          directory, file or symlink
 * @param length        file length, bytes (0 for directories)
 * @param mode          permission bits (07777)
 * @param uid           owner
 * @param gid           group
 * @param modifyTime    LTFS modifytime
 * @param changeTime    LTFS changetime
 * @param accessTime    LTFS accesstime
 * @param creationTime  LTFS creationtime
 * @param symlinkTarget target of a symlink, null otherwise
 * @param extents       where the file's bytes lie on this tape, in file-offset order
 * @param xattrs        extended attributes from the index
 * @param deviceNumber  makedev(major, minor) of a character or block device, 0 otherwise
 * @param linkGroup     non-empty for one of several names of one file (hard links; one inode per volume and
 *                      group), empty otherwise
 */
public record TapeEntry(String path, FileKind kind, long length, int mode, int uid, int gid, Instant modifyTime,
                        Instant changeTime, Instant accessTime, Instant creationTime, String symlinkTarget,
                        List<ExtentRecord> extents, List<ExtendedAttribute> xattrs, long deviceNumber,
                        String linkGroup) {

    /**
     * Index xattr names that carry a file's SHA-256 (hex): the LTFS hash namespace (LTFS Format Specification
     * 2.4, Annex F.3, {@code ltfs.hash.sha256sum}, which our migrations write), as the mount shows it or bare.
     */
    private static final List<String> SHA256_XATTRS = List.of("user.ltfs.hash.sha256sum", "ltfs.hash.sha256sum",
            "user.tapelib.sha256", "tapelib.sha256");

    public TapeEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(modifyTime, "modifyTime");
        changeTime = changeTime == null ? modifyTime : changeTime;
        accessTime = accessTime == null ? modifyTime : accessTime;
        creationTime = creationTime == null ? modifyTime : creationTime;
        extents = extents == null ? List.of() : List.copyOf(extents);
        xattrs = xattrs == null ? List.of() : List.copyOf(xattrs);
        linkGroup = linkGroup == null ? "" : linkGroup;
    }

    /** An entry that is no device and no member of a link group. */
    public TapeEntry(String path, FileKind kind, long length, int mode, int uid, int gid, Instant modifyTime,
                     Instant changeTime, Instant accessTime, Instant creationTime, String symlinkTarget,
                     List<ExtentRecord> extents, List<ExtendedAttribute> xattrs) {
        this(path, kind, length, mode, uid, gid, modifyTime, changeTime, accessTime, creationTime, symlinkTarget,
                extents, xattrs, 0, "");
    }

    /**
     * The user's extended attributes: the index's attributes without the LTFS format's own {@code ltfs.*} names
     * (LTFS Format Specification 2.4, Annex F: reserved for the format, e.g. {@code ltfs.hash.sha256sum}, whose value
     * the mount shows as {@code user.tapelib.sha256}), which are no user's and are never written back from the mount.
     */
    public List<ExtendedAttribute> userXattrs() {
        return xattrs.stream().filter(x -> !XattrNames.isFormatReserved(x.name())).toList();
    }

    /** The SHA-256 (lowercase hex) the index records for this file, or null when it records none. */
    public String sha256() {
        for (ExtendedAttribute attribute : xattrs) {
            if (SHA256_XATTRS.contains(attribute.name())) {
                return new String(attribute.value(), java.nio.charset.StandardCharsets.US_ASCII).trim().toLowerCase();
            }
        }
        return null;
    }
}

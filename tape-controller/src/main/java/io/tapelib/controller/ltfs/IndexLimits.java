package io.tapelib.controller.ltfs;

/**
 * Bounds {@link IndexXmlReader} enforces so that a hostile or damaged index cannot exhaust memory or time: an index
 * beyond any of them is refused with a {@link MalformedIndexException} that names the limit.
 *
 * @param maxIndexBytes          total size of the index XML, in bytes
 * @param maxMarkupRunBytes      bytes between two {@code '<'}: bounds one tag with its attributes and one run of
 *                               text, which a StAX parser holds in memory whole
 * @param maxTextChars           characters of one text-only element before it is decoded (a base64 xattr value of
 *                               {@code maxXattrValueBytes} takes 4/3 of that)
 * @param maxNameBytes           one file or directory name in UTF-8 after percent-decoding (LTFS Format Specification
 *                               2.4, section 7.4 "Name format": at most 255 bytes; reference implementation
 *                               {@code LTFS_FILENAME_MAX})
 * @param maxSymlinkTargetBytes  a symbolic link target in UTF-8 (Linux {@code PATH_MAX}, 4096)
 * @param maxXattrKeyBytes       an extended attribute key in UTF-8 (Linux {@code XATTR_NAME_MAX}, 255)
 * @param maxXattrValueBytes     an extended attribute value in bytes after base64 decoding (Linux
 *                               {@code XATTR_SIZE_MAX}, 65536; the reference implementation writes at most 4096)
 * @param maxXattrBytesPerEntry  all extended attribute keys and values of one entry together, in bytes
 * @param maxExtentsPerFile      extents of one file
 * @param maxDirectoryDepth      directories nested below the root
 * @param maxCommentBytes        the index {@code comment} in UTF-8 (reference implementation
 *                               {@code INDEX_MAX_COMMENT_LEN}, 65536)
 */
public record IndexLimits(long maxIndexBytes, int maxMarkupRunBytes, int maxTextChars, int maxNameBytes,
                          int maxSymlinkTargetBytes, int maxXattrKeyBytes, int maxXattrValueBytes,
                          int maxXattrBytesPerEntry, int maxExtentsPerFile, int maxDirectoryDepth,
                          int maxCommentBytes) {

    /** Limits no index written by a conforming implementation comes near. */
    public static final IndexLimits DEFAULT = new IndexLimits(16L << 30, 1 << 20, 128 * 1024, 255, 4096, 255,
            64 * 1024, 1 << 20, 100_000, 1024, 64 * 1024);

    /** The XML element depth the parser allows: two levels per directory ({@code directory}, {@code contents}) plus
     * the deepest non-directory path ({@code file/extentinfo/extent/startblock}) and room for skipped unknown
     * elements. */
    int maxElementDepth() {
        return 2 * maxDirectoryDepth + 32;
    }
}

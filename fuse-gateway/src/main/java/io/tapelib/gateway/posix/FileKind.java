package io.tapelib.gateway.posix;

/**
 * What an inode is. FIFO, CHARACTER_DEVICE, BLOCK_DEVICE and SOCKET are the special files mknod(2) makes: no
 * content, a device number for the two device kinds; on tape each is an empty file entry with vendor attributes
 * (README, "On-tape format").
 */
public enum FileKind {
    DIRECTORY, FILE, SYMLINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET;

    /** True for the kinds mknod(2) makes other than a regular file: no content, never in the cache. */
    public boolean isSpecial() {
        return this == FIFO || this == CHARACTER_DEVICE || this == BLOCK_DEVICE || this == SOCKET;
    }

    /** True for the kinds that carry a device number (st_rdev). */
    public boolean isDevice() {
        return this == CHARACTER_DEVICE || this == BLOCK_DEVICE;
    }
}

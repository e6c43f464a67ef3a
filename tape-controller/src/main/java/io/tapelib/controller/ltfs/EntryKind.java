package io.tapelib.controller.ltfs;

/**
 * What an index entry is: a directory, a regular file or a symbolic link (LTFS Format Specification 2.4, §9.2), or
 * a special file, which the index carries as an empty file with vendor attributes ({@link SpecialFiles}).
 */
public enum EntryKind {
    DIRECTORY, FILE, SYMLINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET;

    /** A FIFO, device node or socket: an empty {@code file} element on tape. */
    public boolean special() {
        return this == FIFO || this == CHARACTER_DEVICE || this == BLOCK_DEVICE || this == SOCKET;
    }

    /** A character or block device, which has a device number. */
    public boolean device() {
        return this == CHARACTER_DEVICE || this == BLOCK_DEVICE;
    }
}

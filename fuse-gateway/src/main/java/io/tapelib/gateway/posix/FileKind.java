package io.tapelib.gateway.posix;

/** What an inode is. */
public enum FileKind {
    DIRECTORY, FILE, SYMLINK
}

package io.tapelib.gateway.namespace;

/** What an inode is. */
public enum FileKind {
    DIRECTORY, FILE, SYMLINK
}

package io.tapelib.gateway.namespace;

/** One name in a directory listing with its attributes (so readdir needs no second lookup). */
public record DirectoryEntry(String name, FileAttributes attributes) {
}

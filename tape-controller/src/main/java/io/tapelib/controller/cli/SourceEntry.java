package io.tapelib.controller.cli;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;

import java.nio.file.Path;

/**
 * One entry of the tree being imported.
 *
 * @param file     where it is on disk
 * @param metadata its LTFS path (relative to the source, slash-separated), kind, mode, owner and times
 * @param size     bytes of a regular file, 0 otherwise
 */
record SourceEntry(Path file, FileMetadata metadata, long size) {

    String path() {
        return metadata.path();
    }

    String parent() {
        int slash = path().lastIndexOf('/');
        return slash < 0 ? "" : path().substring(0, slash);
    }

    boolean isFile() {
        return metadata.kind() == EntryKind.FILE;
    }
}

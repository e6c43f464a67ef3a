package io.tapelib.controller.cli;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;

import io.tapelib.controller.ltfs.XattrValue;

import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of the tree being imported.
 *
 * @param file     where it is on disk
 * @param metadata its LTFS path (relative to the source, slash-separated), kind, mode, owner and times
 * @param size     bytes of a regular file, 0 otherwise
 * @param xattrs   its user extended attributes, names without "user." (as the index keeps them)
 * @param linkKey  for a regular file of several names (hard links), what identifies the file (device and inode);
 *                 null otherwise
 */
record SourceEntry(Path file, FileMetadata metadata, long size, Map<String, XattrValue> xattrs, Object linkKey) {

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

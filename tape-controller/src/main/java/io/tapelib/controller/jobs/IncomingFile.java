package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.XattrValue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One entry of a migration batch.
 *
 * @param fileId   the caller's identifier, echoed in the result
 * @param metadata path, kind, mode, times and device number
 * @param length   the file's length in bytes (0 for other kinds); negative when the caller announced a negative
 *                 length: the file is then rejected as INVALID and its data discarded
 * @param data     exactly {@code length} bytes of file data; empty for other kinds and a negative length. Whatever
 *                 is left unread when the next file is asked for is read and discarded.
 * @param xattrs   the entry's user extended attributes, keys as the index keeps them
 * @param links    further paths naming the same file (hard links), written as entries of one link group
 */
public record IncomingFile(long fileId, FileMetadata metadata, long length, InputStream data,
                           Map<String, XattrValue> xattrs, List<String> links) {

    public IncomingFile {
        xattrs = Map.copyOf(xattrs);
        links = List.copyOf(links);
    }

    /** An entry without extended attributes or links. */
    public IncomingFile(long fileId, FileMetadata metadata, long length, InputStream data) {
        this(fileId, metadata, length, data, Map.of(), List.of());
    }
}

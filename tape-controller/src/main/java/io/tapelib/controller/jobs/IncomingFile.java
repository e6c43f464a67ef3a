package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.FileMetadata;

import java.io.InputStream;

/**
 * One entry of a migration batch.
 *
 * @param fileId   the caller's identifier, echoed in the result
 * @param metadata path, kind, mode and times
 * @param length   the file's length in bytes (0 for directories and symlinks); negative when the caller announced a
 *                 negative length: the file is then rejected as INVALID and its data discarded
 * @param data     exactly {@code length} bytes of file data; empty for directories, symlinks and a negative length.
 *                 Whatever is left unread when the next file is asked for is read and discarded.
 */
public record IncomingFile(long fileId, FileMetadata metadata, long length, InputStream data) {
}

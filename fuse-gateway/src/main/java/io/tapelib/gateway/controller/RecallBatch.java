package io.tapelib.gateway.controller;

import java.util.List;
import java.util.Objects;

/**
 * Files to recall from one tape in one call.
 *
 * @param volumeTag the tape that holds them
 * @param files     the files, each with its extents on that tape
 */
public record RecallBatch(String volumeTag, List<File> files) {
    public RecallBatch {
        Objects.requireNonNull(volumeTag, "volumeTag");
        files = List.copyOf(files);
    }

    /** Bytes of all files of the batch. */
    public long bytes() {
        return files.stream().mapToLong(File::length).sum();
    }

    /**
     * One file to recall.
     *
     * @param fileId  the gateway's id for it (the inode); chunks and completions name it
     * @param length  the file's length, bytes
     * @param extents where its bytes lie on the tape (bytes no extent covers are zeros: a sparse file)
     */
    public record File(long fileId, long length, List<TapeExtent> extents) {
        public File {
            extents = List.copyOf(extents);
        }
    }
}

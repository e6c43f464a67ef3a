package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.FileDataSink;
import io.tapelib.controller.ltfs.IndexEntry;

/**
 * Where a recall reads file data from: a mounted volume ({@link io.tapelib.controller.ltfs.LtfsVolume#readFile}) or one
 * read without its index ({@link io.tapelib.controller.ltfs.CoherentVolume#readFile}).
 */
@FunctionalInterface
interface FileReads {

    /**
     * Hands the file's bytes from {@code from} (bytes into the file) to its end to {@code sink} in file-offset order;
     * device and LTFS errors pass through.
     */
    void readFile(IndexEntry file, long from, FileDataSink sink);
}

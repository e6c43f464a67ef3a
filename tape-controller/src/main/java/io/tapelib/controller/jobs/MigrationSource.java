package io.tapelib.controller.jobs;

import java.util.Optional;

/** The files of one migration batch, in the order they arrive. Read by the drive's thread; may block. */
public interface MigrationSource {

    /**
     * The next file; whatever is left of the previous file's data is read and discarded first.
     *
     * @return empty when the batch has ended
     * @throws IllegalArgumentException the caller sent something malformed
     * @throws java.util.concurrent.CancellationException the caller went away
     */
    Optional<IncomingFile> nextFile();
}

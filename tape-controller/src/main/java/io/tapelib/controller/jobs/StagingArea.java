package io.tapelib.controller.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The staging directory of reclaims with one drive, {@code TAPE_MOUNT_DIR/reclaim-staging/}: one directory per round
 * of a job, removed after the round; whatever a crash left there is removed at start-up.
 */
final class StagingArea {

    /** The directory's name under TAPE_MOUNT_DIR. */
    static final String DIRECTORY = "reclaim-staging";

    private final Path root;

    /** @param workDir TAPE_MOUNT_DIR */
    StagingArea(Path workDir) {
        this.root = workDir.resolve(DIRECTORY);
    }

    /**
     * Removes the staging directory's contents (left by a run that crashed mid-round: the target's index never named
     * them, so the caller sends those files again).
     *
     * @return the number of files removed
     * @throws UncheckedIOException a file could not be removed
     */
    int deleteLeftovers() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(root)) {
            int removed = 0;
            for (Path entry : entries.toList()) {
                removed += deleteTree(entry);
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the reclaim staging directory " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new, empty directory for one round of a job.
     *
     * @throws UncheckedIOException it cannot be made
     */
    Path round(long jobId, int round) {
        Path directory = root.resolve("job-" + jobId + "-round-" + round);
        try {
            deleteTree(directory);
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the reclaim staging directory " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes a round's directory; a failure is thrown (the disk space would stay used). */
    void remove(Path round) {
        try {
            deleteTree(round);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the reclaim staging directory " + round + ": "
                    + e.getMessage(), e);
        }
    }

    private static int deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            int removed = 0;
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isDirectory(p)) {
                    removed++;
                }
                Files.delete(p);
            }
            return removed;
        }
    }
}

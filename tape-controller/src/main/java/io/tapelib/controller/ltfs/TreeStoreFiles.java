package io.tapelib.controller.ltfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where mounted volumes keep their directory trees on disk: {@code <work dir>/trees/<volume tag>-<unique>.tree}, one
 * file per mount, under the controller's work directory ({@code TAPE_MOUNT_DIR}, DESIGN.md section 8). A tree file is
 * a scratch copy of the tape's index: it is deleted when its volume is unmounted, and a file left by a crash is never
 * read again (the tree is rebuilt from the tape at the next mount), so start-up deletes them all.
 */
public final class TreeStoreFiles {

    private static final String DIRECTORY = "trees";
    private static final String SUFFIX = ".tree";

    private TreeStoreFiles() {
    }

    /**
     * Deletes the tree files left under a work directory by a previous run; call once at start-up, before any volume
     * is mounted there. Touches nothing but {@code *.tree} files in {@code <workDir>/trees}.
     *
     * @param workDir the controller's work directory; need not exist
     * @return how many files were deleted
     * @throws UncheckedIOException a file or the directory cannot be read or deleted (with the path and the
     *                              system's message)
     */
    public static int deleteLeftovers(Path workDir) {
        Path directory = workDir.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                deleted++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete leftover tree files in " + directory + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * Creates a new, empty tree file for a volume (and the directories above it).
     *
     * @throws UncheckedIOException the file cannot be created (with the path and the system's message)
     */
    static Path create(Path workDir, String volumeTag) {
        Path directory = workDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            // unique per mount: a tree still open after a failed unmount never collides with the next mount's
            return Files.createTempFile(directory, safe(volumeTag) + "-", SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a tree file for " + volumeTag + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** A volume tag as a file name: characters other than letters, digits, '-' and '_' become '_'. */
    private static String safe(String volumeTag) {
        return volumeTag.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}

package io.tapelib.controller.library;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file atomically: the content goes to a temporary file beside it, is forced to
 * stable storage, then renamed over the target, and the directory is forced, so that a crash leaves
 * either the old or the new content, never a torn file.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code target} atomically.
     *
     * @throws IOException when the directory cannot be written
     */
    public static void write(Path target, byte[] content) throws IOException {
        replace(target, content, true);
    }

    /**
     * Replaces {@code target} by rename so that readers see the old or the new content, without forcing
     * either to stable storage: for advisory content (MAM figures) whose caller forces the directory
     * once after a batch of replacements.
     *
     * @throws IOException when the directory cannot be written
     */
    public static void writeUnforced(Path target, byte[] content) throws IOException {
        replace(target, content, false);
    }

    private static void replace(Path target, byte[] content, boolean force) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(true);
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (force) {
            forceDirectory(directory);
        }
    }

    /**
     * Forces a directory's entries (creations, renames, deletions) to stable storage. Linux allows
     * fsync on a directory opened read-only; where the platform refuses, the entries are left to the
     * file system's own journal.
     */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException platformRefuses) {
            if (Files.isDirectory(directory)) {
                return;
            }
            throw platformRefuses instanceof IOException io ? io : new IOException(platformRefuses);
        }
    }
}

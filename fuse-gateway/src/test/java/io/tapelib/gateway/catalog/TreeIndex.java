package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the index entries a tape holding a copy of a real directory tree would have: the files' real
 * names, sizes, modes and times, with extents laid out one after another in the data partition.
 */
final class TreeIndex {
    static final long BLOCK_SIZE = 524_288;

    private TreeIndex() {
    }

    static List<TapeEntry> of(Path root) {
        List<TapeEntry> entries = new ArrayList<>();
        long[] nextBlock = {10};
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(path -> !path.equals(root)).forEach(path -> entries.add(entry(root, path, nextBlock)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static TapeEntry entry(Path root, Path path, long[] nextBlock) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String relative = root.relativize(path).toString();
            Instant mtime = attributes.lastModifiedTime().toInstant();
            int mode = 0;
            for (PosixFilePermission permission : attributes.permissions()) {
                mode |= 1 << (8 - permission.ordinal());
            }
            if (attributes.isSymbolicLink()) {
                return new TapeEntry(relative, FileKind.SYMLINK, 0, 0777, 0, 0, mtime, mtime, mtime, mtime,
                        Files.readSymbolicLink(path).toString(), List.of(), List.of());
            }
            if (attributes.isDirectory()) {
                return new TapeEntry(relative, FileKind.DIRECTORY, 0, mode, 0, 0, mtime, mtime, mtime, mtime, null,
                        List.of(), List.of());
            }
            long size = attributes.size();
            List<ExtentRecord> extents = size == 0 ? List.of()
                    : List.of(new ExtentRecord(1, nextBlock[0], 0, size, 0));
            nextBlock[0] += (size + BLOCK_SIZE - 1) / BLOCK_SIZE + 1;
            return new TapeEntry(relative, FileKind.FILE, size, mode, 0, 0, mtime, mtime,
                    attributes.lastAccessTime().toInstant(), mtime, null, extents, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

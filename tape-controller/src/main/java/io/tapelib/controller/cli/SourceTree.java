package io.tapelib.controller.cli;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a directory tree for import without following symbolic links, with POSIX mode, owner and times
 * (the JDK's "unix" attribute view). Entries come grouped by parent directory, parents in path order, names in
 * order within a directory, so that a directory's files stay together on tape.
 */
final class SourceTree {

    private SourceTree() {
    }

    /**
     * @throws IllegalArgumentException {@code root} is not a directory
     * @throws UncheckedIOException     an entry cannot be read; the message names it
     */
    static List<SourceEntry> read(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("--source " + root + " is not a directory");
        }
        List<SourceEntry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        entries.add(entry(root, dir, EntryKind.DIRECTORY));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        entries.add(entry(root, file, EntryKind.SYMLINK));
                    } else if (attrs.isRegularFile()) {
                        entries.add(entry(root, file, EntryKind.FILE));
                    }
                    // sockets, FIFOs and device nodes have no LTFS representation
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(SourceEntry::parent).thenComparing(SourceEntry::path));
        return entries;
    }

    private static SourceEntry entry(Path root, Path file, EntryKind kind) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid,ctime,lastModifiedTime,lastAccessTime,creationTime,size",
                LinkOption.NOFOLLOW_LINKS);
        StringBuilder path = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(part);
        }
        FileMetadata metadata = new FileMetadata(path.toString(), kind, (Integer) unix.get("mode") & 07777,
                (Integer) unix.get("uid"), (Integer) unix.get("gid"),
                ((FileTime) unix.get("creationTime")).toInstant(), ((FileTime) unix.get("ctime")).toInstant(),
                ((FileTime) unix.get("lastModifiedTime")).toInstant(), ((FileTime) unix.get("lastAccessTime")).toInstant(),
                kind == EntryKind.SYMLINK ? Files.readSymbolicLink(file).toString() : null);
        return new SourceEntry(file, metadata, kind == EntryKind.FILE ? (Long) unix.get("size") : 0);
    }
}

package io.tapelib.controller.cli;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;

import io.tapelib.controller.ltfs.XattrValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a directory tree for import without following symbolic links, with POSIX mode, owner and times
 * (the JDK's "unix" attribute view), user extended attributes of files and directories, the device number of device
 * nodes and what identifies a file of several names (hard links). Entries come grouped by parent directory, parents in path order, names in
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
                    } else {
                        entries.add(entry(root, file, null));
                    }
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

    /** @param known the kind, or null for a special file, whose kind the mode's file type bits tell */
    private static SourceEntry entry(Path root, Path file, EntryKind known) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file,
                "unix:mode,uid,gid,ctime,lastModifiedTime,lastAccessTime,creationTime,size,rdev,nlink,dev,ino",
                LinkOption.NOFOLLOW_LINKS);
        int fullMode = (Integer) unix.get("mode");
        EntryKind kind = known != null ? known : special(fullMode);
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
                kind == EntryKind.SYMLINK ? Files.readSymbolicLink(file).toString() : null,
                kind.device() ? (Long) unix.get("rdev") : 0);
        boolean linked = kind == EntryKind.FILE && (Integer) unix.get("nlink") > 1;
        return new SourceEntry(file, metadata, kind == EntryKind.FILE ? (Long) unix.get("size") : 0,
                kind == EntryKind.FILE || kind == EntryKind.DIRECTORY ? userXattrs(file) : Map.of(),
                linked ? List.of(unix.get("dev"), unix.get("ino")) : null);
    }

    /** The file type bits of st_mode (S_IFMT, POSIX sys/stat.h) of a FIFO, device node or socket. */
    private static EntryKind special(int mode) {
        return switch (mode & 0170000) {
            case 0010000 -> EntryKind.FIFO;
            case 0020000 -> EntryKind.CHARACTER_DEVICE;
            case 0060000 -> EntryKind.BLOCK_DEVICE;
            case 0140000 -> EntryKind.SOCKET;
            default -> throw new IllegalArgumentException(String.format("file type %06o is not a special file", mode));
        };
    }

    /**
     * The "user." extended attributes of a file or directory, names without the prefix (the JDK's view drops it);
     * none when the file system keeps none.
     */
    private static Map<String, XattrValue> userXattrs(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return Map.of();
        }
        Map<String, XattrValue> xattrs = new HashMap<>();
        List<String> names;
        try {
            names = view.list();
        } catch (UnsupportedOperationException e) {
            return Map.of();
        }
        for (String name : names) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            xattrs.put(name, XattrValue.of(java.util.Arrays.copyOf(value.array(), value.position())));
        }
        return xattrs;
    }
}

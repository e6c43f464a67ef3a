package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edits a mounted volume's {@link NamespaceTree} as POSIX does: entries of a kind, missing parent directories, what
 * may replace what, moves. Touches no tape; behind {@link LtfsVolume#writeEntry}, {@link LtfsVolume#remove},
 * {@link LtfsVolume#rename} and the entry of {@link LtfsVolume#writeFile}.
 */
final class NamespaceEditor {
    private final NamespaceTree tree;
    private final String volumeTag;

    NamespaceEditor(NamespaceTree tree, String volumeTag) {
        this.tree = tree;
        this.volumeTag = volumeTag;
    }

    /**
     * Puts a file's entry at {@code path} (normalized), replacing a file or symbolic link there, after creating missing
     * parent directories (mode 0755, times = the file's).
     *
     * @param length  the file's length, bytes
     * @param extents where its data lies
     * @param xattrs  its extended attributes
     * @return the entry put
     */
    IndexEntry putFile(String path, FileMetadata metadata, long length, List<Extent> extents,
                       Map<String, String> xattrs) {
        createParents(path, metadata);
        IndexEntry entry = new IndexEntry(path, EntryKind.FILE, length, metadata.mode() & 07777, metadata.uid(),
                metadata.gid(), metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(),
                metadata.accessTime(), null, extents, xattrs, tree.nextFileUid(),
                PosixAttributes.isReadonly(metadata.mode()));
        tree.put(entry);
        return entry;
    }

    /**
     * Writes a directory or symbolic link entry, or updates an existing entry's metadata (see
     * {@link LtfsVolume#writeEntry}).
     *
     * @return the entry put
     * @throws NoSuchEntryException  {@code kind} is FILE and no file exists at the path
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that cannot replace the existing entry, or a parent that is not a directory
     */
    IndexEntry writeEntry(FileMetadata metadata) {
        String path = LtfsPaths.normalize(metadata.path());
        Optional<IndexEntry> existing = tree.get(path);
        int mode = metadata.mode() & 07777;
        IndexEntry entry;
        switch (metadata.kind()) {
            case FILE -> {
                IndexEntry file = existing.filter(e -> e.kind() == EntryKind.FILE)
                        .orElseThrow(() -> new NoSuchEntryException(volumeTag, path));
                entry = withMetadata(file, metadata);
            }
            case DIRECTORY -> {
                if (existing.isPresent() && existing.get().kind() != EntryKind.DIRECTORY) {
                    throw new PathConflictException(volumeTag + ": '" + path + "' exists and is not a directory");
                }
                entry = existing.map(dir -> withMetadata(dir, metadata)).orElseGet(() -> {
                    createParents(path, metadata);
                    return new IndexEntry(path, EntryKind.DIRECTORY, 0, mode, metadata.uid(), metadata.gid(),
                            metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(),
                            metadata.accessTime(), null, List.of(), Map.of(), tree.nextFileUid(),
                            PosixAttributes.isReadonly(mode));
                });
            }
            case SYMLINK -> {
                if (metadata.symlinkTarget() == null || metadata.symlinkTarget().isEmpty()) {
                    throw new InvalidEntryException(volumeTag + ": symbolic link '" + path + "' has no target");
                }
                checkReplaceable(path, EntryKind.SYMLINK);
                createParents(path, metadata);
                entry = new IndexEntry(path, EntryKind.SYMLINK, 0, mode, metadata.uid(), metadata.gid(),
                        metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                        metadata.symlinkTarget(), List.of(), Map.of(), tree.nextFileUid(),
                        PosixAttributes.isReadonly(mode));
            }
            default -> throw new IllegalArgumentException("unknown entry kind " + metadata.kind());
        }
        tree.put(entry);
        return entry;
    }

    /**
     * Puts an entry's metadata as the mount shows it (see {@link IndexChange.Put}).
     *
     * @return the entry put
     * @throws NoSuchEntryException  a FILE that does not exist
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that cannot replace the existing entry, or a parent that is not a directory
     */
    IndexEntry put(FileMetadata metadata, Map<String, XattrValue> xattrs) {
        return writeEntry(metadata);
    }

    /**
     * A hard link: a new file entry at {@code path} sharing the extents and metadata of the file at {@code target};
     * a file or symbolic link at {@code path} is replaced.
     *
     * @return the new entry
     * @throws NoSuchEntryException  no file at {@code target}
     * @throws PathConflictException a directory at {@code path}, or a parent that is not a directory
     */
    IndexEntry link(String path, String target) {
        String linkPath = LtfsPaths.normalize(path);
        String targetPath = LtfsPaths.normalize(target);
        IndexEntry file = tree.get(targetPath).filter(e -> e.kind() == EntryKind.FILE)
                .orElseThrow(() -> new NoSuchEntryException(volumeTag, targetPath));
        if (linkPath.equals(targetPath)) {
            throw new PathConflictException(volumeTag + ": cannot link '" + targetPath + "' to itself");
        }
        createParents(linkPath, new FileMetadata(linkPath, EntryKind.FILE, 0755, file.uid(), file.gid(),
                file.creationTime(), file.changeTime(), file.modifyTime(), file.accessTime(), null));
        IndexEntry link = new IndexEntry(linkPath, EntryKind.FILE, file.length(), file.mode(), file.uid(), file.gid(),
                file.creationTime(), file.changeTime(), file.modifyTime(), file.accessTime(), null, file.extents(),
                file.xattrs(), tree.nextFileUid(), file.readonly());
        tree.put(link);
        return link;
    }

    private static IndexEntry withMetadata(IndexEntry entry, FileMetadata metadata) {
        int mode = metadata.mode() & 07777;
        return new IndexEntry(entry.path(), entry.kind(), entry.length(), mode, metadata.uid(), metadata.gid(),
                metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                entry.symlinkTarget(), entry.extents(), entry.xattrs(), entry.fileUid(),
                PosixAttributes.isReadonly(mode));
    }

    /**
     * Removes an entry and, for a directory, everything below it.
     *
     * @throws NoSuchEntryException nothing at the path
     */
    void remove(String path) {
        String normalized = LtfsPaths.normalize(path);
        if (!tree.contains(normalized)) {
            throw new NoSuchEntryException(volumeTag, normalized);
        }
        tree.delete(normalized);
    }

    /**
     * Moves an entry as POSIX rename (see {@link LtfsVolume#rename}).
     *
     * @return false when source and target are the same path: nothing changed
     * @throws NoSuchEntryException nothing at {@code from}
     * @throws LtfsException        a directory moved into itself, or a target that cannot be replaced
     */
    boolean rename(String from, String to) {
        String source = LtfsPaths.normalize(from);
        String target = LtfsPaths.normalize(to);
        IndexEntry moving = tree.get(source).orElseThrow(() -> new NoSuchEntryException(volumeTag, source));
        if (source.equals(target)) {
            return false;
        }
        if (LtfsPaths.isSelfOrBelow(target, source)) {
            throw new LtfsException(volumeTag + ": cannot move '" + source + "' into itself ('" + target + "')");
        }
        Optional<IndexEntry> existing = tree.get(target);
        if (existing.isPresent()) {
            boolean movingDir = moving.kind() == EntryKind.DIRECTORY;
            boolean targetDir = existing.get().kind() == EntryKind.DIRECTORY;
            if (movingDir != targetDir || (targetDir && tree.hasChildren(target))) {
                throw new LtfsException(volumeTag + ": cannot replace '" + target + "' by '" + source + "'");
            }
            tree.delete(target);
        }
        Instant now = Instant.now();
        createParents(target, new FileMetadata(target, EntryKind.DIRECTORY, 0755, moving.uid(), moving.gid(),
                now, now, now, now, null));
        // the store rewrites the paths below a moved directory itself, so a directory of millions of files can move
        tree.move(source, new IndexEntry(target, moving.kind(), moving.length(), moving.mode(), moving.uid(),
                moving.gid(), moving.creationTime(), now, moving.modifyTime(), moving.accessTime(),
                moving.symlinkTarget(), moving.extents(), moving.xattrs(), moving.fileUid(), moving.readonly()));
        return true;
    }

    /**
     * Refuses to write an entry of {@code kind} at {@code path} over a directory or below something that is not one.
     *
     * @throws PathConflictException a directory at the path, or a parent that is not a directory
     */
    void checkReplaceable(String path, EntryKind kind) {
        Optional<IndexEntry> existing = tree.get(path);
        if (existing.isPresent() && existing.get().kind() == EntryKind.DIRECTORY) {
            throw new PathConflictException(volumeTag + ": cannot write " + kind.name().toLowerCase() + " '" + path
                    + "': a directory exists there");
        }
        String parent = LtfsPaths.parent(path);
        while (!parent.isEmpty()) {
            Optional<IndexEntry> ancestor = tree.get(parent);
            if (ancestor.isPresent() && ancestor.get().kind() != EntryKind.DIRECTORY) {
                throw new PathConflictException(volumeTag + ": cannot write '" + path + "': '" + parent + "' is not a directory");
            }
            parent = LtfsPaths.parent(parent);
        }
    }

    private void createParents(String path, FileMetadata metadata) {
        checkReplaceable(path, metadata.kind());
        List<String> missing = new ArrayList<>();
        for (String parent = LtfsPaths.parent(path); !parent.isEmpty(); parent = LtfsPaths.parent(parent)) {
            if (tree.get(parent).isPresent()) {
                break;
            }
            missing.add(0, parent);
        }
        for (String dir : missing) {
            tree.put(new IndexEntry(dir, EntryKind.DIRECTORY, 0, 0755, metadata.uid(), metadata.gid(),
                    metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                    null, List.of(), Map.of(), tree.nextFileUid(), false));
        }
    }
}

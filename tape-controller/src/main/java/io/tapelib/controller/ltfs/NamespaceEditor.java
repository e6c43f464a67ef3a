package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edits a mounted volume's {@link NamespaceTree} as POSIX does: entries of a kind, missing parent directories, what
 * may replace what, moves, hard links. Touches no tape; behind {@link LtfsVolume#writeEntry}, {@link LtfsVolume#remove},
 * {@link LtfsVolume#rename}, {@link LtfsVolume#applyChanges} and the entries of {@link LtfsVolume#writeFile}.
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
                       Map<String, XattrValue> xattrs) {
        createParents(path, metadata);
        IndexEntry entry = new IndexEntry(path, EntryKind.FILE, length, metadata.mode() & 07777, metadata.uid(),
                metadata.gid(), metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(),
                metadata.accessTime(), null, extents, xattrs, tree.nextFileUid(),
                PosixAttributes.isReadonly(metadata.mode()));
        tree.put(entry);
        return entry;
    }

    /**
     * Writes a directory, symbolic link or special file entry (no data), or updates an existing entry's metadata
     * keeping its extended attributes (see {@link LtfsVolume#writeEntry}).
     *
     * @return the entry put
     * @throws NoSuchEntryException  {@code kind} is FILE and no file exists at the path
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that cannot replace the existing entry, or a parent that is not a directory
     */
    IndexEntry writeEntry(FileMetadata metadata) {
        return put(metadata, null);
    }

    /**
     * Puts an entry's metadata as the mount shows it (see {@link IndexChange.Put}): creates a directory, symbolic link
     * or special file when absent, replaces a symbolic link or special file of another kind, updates an entry of the
     * same kind (a file keeps its extents, and every entry of its link group takes the metadata). A directory put at
     * the path {@code ""} (or {@code "/"}) updates the volume root.
     *
     * @param userXattrs the entry's complete user extended attributes, which replace all but its {@code ltfs*} ones
     *                   (reserved keys among them are ignored); null keeps the entry's attributes
     * @return the entry put
     * @throws NoSuchEntryException  a FILE that does not exist
     * @throws InvalidEntryException invalid path, or a symbolic link without target
     * @throws PathConflictException a kind that cannot replace the existing entry, or a parent that is not a directory
     */
    IndexEntry put(FileMetadata metadata, Map<String, XattrValue> userXattrs) {
        if (metadata.kind() == EntryKind.DIRECTORY && metadata.path().replace("/", "").isEmpty()) {
            // the volume root: its own mode, owner, times and attributes, as the mount's root shows them
            IndexEntry root = updated(tree.root(), metadata, userXattrs);
            tree.put(root);
            return root;
        }
        String path = LtfsPaths.normalize(metadata.path());
        Optional<IndexEntry> existing = tree.get(path);
        EntryKind kind = metadata.kind();
        if (kind == EntryKind.SYMLINK && (metadata.symlinkTarget() == null || metadata.symlinkTarget().isEmpty())) {
            throw new InvalidEntryException(volumeTag + ": symbolic link '" + path + "' has no target");
        }
        if (kind == EntryKind.FILE) {
            IndexEntry file = existing.filter(e -> e.kind() == EntryKind.FILE)
                    .orElseThrow(() -> new NoSuchEntryException(volumeTag, path));
            IndexEntry updated = updated(file, metadata, userXattrs);
            tree.put(updated);
            if (!file.linkGroup().isEmpty()) {
                for (IndexEntry other : linkGroup(file.linkGroup())) {
                    if (!other.path().equals(path)) {
                        tree.put(updated(other, metadata, userXattrs));
                    }
                }
            }
            return updated;
        }
        if (existing.isPresent() && existing.get().kind() == kind) {
            IndexEntry updated = updated(existing.get(), metadata, userXattrs);
            tree.put(updated);
            return updated;
        }
        if (kind == EntryKind.DIRECTORY && existing.isPresent()) {
            throw new PathConflictException(volumeTag + ": '" + path + "' exists and is not a directory");
        }
        createParents(path, metadata);
        int mode = metadata.mode() & 07777;
        IndexEntry entry = new IndexEntry(path, kind, 0, mode, metadata.uid(), metadata.gid(),
                metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                kind == EntryKind.SYMLINK ? metadata.symlinkTarget() : null, List.of(),
                xattrs(Map.of(), userXattrs), tree.nextFileUid(), PosixAttributes.isReadonly(mode),
                kind.device() ? metadata.deviceNumber() : 0, "");
        tree.put(entry);
        return entry;
    }

    /**
     * A hard link: a new file entry at {@code path} sharing the extents, metadata and extended attributes of the file at
     * {@code target}; both are then in one link group ({@link SpecialFiles}), whose id is the {@code fileuid} of the
     * target when it had none. A file or symbolic link at {@code path} is replaced.
     *
     * @return the new entry
     * @throws NoSuchEntryException  no file at {@code target}
     * @throws PathConflictException a directory at {@code path}, a parent that is not a directory, or the same path
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
        String group = file.linkGroup();
        if (group.isEmpty()) {
            group = Long.toString(file.fileUid());
            tree.put(file.inLinkGroup(group));
        }
        IndexEntry link = new IndexEntry(linkPath, EntryKind.FILE, file.length(), file.mode(), file.uid(), file.gid(),
                file.creationTime(), file.changeTime(), file.modifyTime(), file.accessTime(), null, file.extents(),
                file.xattrs(), tree.nextFileUid(), file.readonly(), 0, group);
        tree.put(link);
        return link;
    }

    /** Every entry of a link group; reads the whole tree, which only a put of a linked file does. */
    private List<IndexEntry> linkGroup(String group) {
        try (var entries = tree.entries()) {
            return entries.filter(e -> group.equals(e.linkGroup())).toList();
        }
    }

    private static IndexEntry updated(IndexEntry entry, FileMetadata metadata, Map<String, XattrValue> userXattrs) {
        int mode = metadata.mode() & 07777;
        boolean symlink = entry.kind() == EntryKind.SYMLINK;
        return new IndexEntry(entry.path(), entry.kind(), entry.length(), mode, metadata.uid(), metadata.gid(),
                metadata.creationTime(), metadata.changeTime(), metadata.modifyTime(), metadata.accessTime(),
                symlink && metadata.symlinkTarget() != null ? metadata.symlinkTarget() : entry.symlinkTarget(),
                entry.extents(), xattrs(entry.xattrs(), userXattrs), entry.fileUid(), PosixAttributes.isReadonly(mode),
                entry.kind().device() ? metadata.deviceNumber() : 0, entry.linkGroup());
    }

    /** The entry's {@code ltfs.*} attributes plus the user's (when given), or the entry's own when not. */
    private static Map<String, XattrValue> xattrs(Map<String, XattrValue> own, Map<String, XattrValue> user) {
        if (user == null) {
            return own;
        }
        Map<String, XattrValue> result = new HashMap<>();
        own.forEach((key, value) -> {
            if (ReservedXattrs.reserved(key)) {
                result.put(key, value);
            }
        });
        result.putAll(ReservedXattrs.userOnly(user));
        return result;
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
        tree.move(source, moving.moved(target, now));
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

package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.PendingBatch;
import io.tapelib.gateway.catalog.PendingChange;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.TapeIndexEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tape's {@link PendingBatch} into the index changes of the contract (tape_controller.proto, IndexChange):
 * catalog paths become volume-relative, the mount's "user." attributes become LTFS keys.
 */
final class IndexChanges {
    /** Most changes sent in one index write (UpdateIndex or all lists of one Migrate header together). */
    static final int LIMIT = 10_000;

    private IndexChanges() {
    }

    /** The batch's changes in the order they apply: renames, removals and links, the puts, then the root's put. */
    static List<IndexChange> of(PendingBatch batch) {
        List<IndexChange> changes = new ArrayList<>(batch.changeCount());
        for (PendingChange row : batch.structural()) {
            switch (row.kind()) {
                case RENAME -> changes.add(new IndexChange.Rename(relative(row.path()), relative(row.newPath())));
                case DELETE -> changes.add(new IndexChange.Remove(relative(row.path())));
                case LINK -> changes.add(new IndexChange.Link(relative(row.newPath()), relative(row.path())));
                case ATTRIBUTES -> throw new IllegalStateException("attribute rows go as puts: " + row);
            }
        }
        batch.puts().forEach(put -> changes.add(put(put)));
        changes.add(put(batch.root()));
        return changes;
    }

    /** The put of an entry's current metadata. */
    static IndexChange.Put put(PendingBatch.EntrySnapshot entry) {
        Inode inode = entry.inode();
        return new IndexChange.Put(relative(entry.path()), inode.kind(), inode.mode(), inode.uid(), inode.gid(),
                times(inode), inode.symlinkTarget(), userXattrs(entry.xattrs()), entry.deviceNumber());
    }

    static FileTimes times(Inode inode) {
        return new FileTimes(inode.mtime(), inode.ctime(), inode.atime(), inode.crtime());
    }

    /** The users' attributes as the LTFS index keys them: "user." stripped, the service's own left out. */
    static List<TapeIndexEntry.Xattr> userXattrs(List<ExtendedAttribute> xattrs) {
        List<TapeIndexEntry.Xattr> result = new ArrayList<>();
        for (ExtendedAttribute xattr : xattrs) {
            if (XattrNames.isUsersOwn(xattr.name())) {
                result.add(new TapeIndexEntry.Xattr(XattrNames.indexKey(xattr.name()), xattr.value()));
            }
        }
        return result;
    }

    /** One line naming a change for the log: "put a/b", "rename a -> b", "remove a", "link b -> a". */
    static String describe(IndexChange change) {
        if (change instanceof IndexChange.Rename rename) {
            return "rename " + rename.path() + " -> " + rename.to();
        }
        if (change instanceof IndexChange.Link link) {
            return "link " + link.path() + " -> " + link.target();
        }
        return (change instanceof IndexChange.Remove ? "remove " : "put ") + change.path();
    }

    /** The change at {@code index} of {@code sent}, described, or "#index" for a position outside the list. */
    static String describe(List<IndexChange> sent, int index) {
        return index >= 0 && index < sent.size() ? describe(sent.get(index)) : "#" + index;
    }

    /** A catalog path ("/a/b") as the volume names it ("a/b"); the root is {@link IndexChange#ROOT_PATH}. */
    static String relative(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.isEmpty() ? IndexChange.ROOT_PATH : relative;
    }
}

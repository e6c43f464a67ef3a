package io.tapelib.gateway.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One tape's pending changes as they go to its index in one write, read in one transaction so that paths and
 * metadata agree with the order of the changes.
 *
 * <p>Renames, removals and links go in the order they were made; then one metadata put per changed inode
 * (repeated attribute changes coalesce), built from the inode's metadata at the time of reading, at its path after
 * all the renames: so a put never names a path the index does not have yet. A batch cut at its limit
 * ({@link #truncated}) is a prefix of the renames, removals and links and carries no puts (their current paths may
 * depend on a rename beyond the cut); the rest follows in the next write.
 *
 * @param volumeTag  the tape
 * @param sent       the rows this batch stands for: to delete once the index naming them is on tape
 * @param structural renames, removals and links, in the order they were made
 * @param puts       the current metadata of inodes whose attributes changed, in the order of their last change
 * @param root       the root directory's metadata; not a row of its own (see {@link PendingChanges})
 * @param truncated  rows were left out (the limit was reached)
 */
public record PendingBatch(String volumeTag, List<PendingChange> sent, List<PendingChange> structural,
                           List<EntrySnapshot> puts, EntrySnapshot root, boolean truncated) {
    public PendingBatch {
        sent = List.copyOf(sent);
        structural = List.copyOf(structural);
        puts = List.copyOf(puts);
    }

    /** Ids of {@link #sent}. */
    public List<Long> sentIds() {
        return sent.stream().map(PendingChange::id).toList();
    }

    /** The number of index changes this batch makes (the root's put included). */
    public int changeCount() {
        return structural.size() + puts.size() + 1;
    }

    /**
     * An entry's metadata as the mount shows it now.
     *
     * @param inode  the catalog row
     * @param path   absolute path within the mount ("/" for the root)
     * @param xattrs the user's extended attributes as the catalog keeps them (mount names, "user." included)
     * @param deviceNumber makedev(major, minor) of a character or block device, 0 otherwise
     */
    public record EntrySnapshot(Inode inode, String path, List<ExtendedAttribute> xattrs, long deviceNumber) {
        public EntrySnapshot {
            xattrs = List.copyOf(xattrs);
        }
    }

    /** The put for {@code inodeId}, if the batch carries one. */
    public Optional<EntrySnapshot> put(long inodeId) {
        return puts.stream().filter(p -> p.inode().id() == inodeId).findFirst();
    }
}

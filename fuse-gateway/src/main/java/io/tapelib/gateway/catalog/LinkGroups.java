package io.tapelib.gateway.catalog;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hard links of one volume import: entries of one LTFS link group ({@code ltfs.vendor.tapelib.linkgroup}, README
 * "On-tape format") are one inode with several names. The group's first entry is merged as any file; each further
 * entry becomes one more name of that inode (the extents are the group's, recorded with its first entry). One instance
 * per import, used by its thread.
 */
final class LinkGroups {
    private final SqlSession session;
    /** Link group to the inode of its first entry. */
    private final Map<String, Long> firstInodes = new HashMap<>();
    private long furtherNames;

    /** @param session the import's write transaction */
    LinkGroups(SqlSession session) {
        this.session = session;
    }

    /** The inode the first entry of {@code entry}'s link group was merged into, or null (no group, or its first). */
    Long inodeOf(TapeEntry entry) {
        return entry.linkGroup().isEmpty() ? null : firstInodes.get(entry.linkGroup());
    }

    /** Notes {@code inode} as the one of {@code entry}'s link group, when it has one. */
    void remember(TapeEntry entry, long inode) {
        if (!entry.linkGroup().isEmpty()) {
            firstInodes.put(entry.linkGroup(), inode);
        }
    }

    /**
     * Makes {@code name} in {@code parent} one more name of the group's {@code inode}, unless the tree holds that
     * name already.
     *
     * @param existing what the tree holds at the name
     * @return false when the name is another file's (a conflict for the caller to report); true when it was added or
     *         already was the inode's
     * @throws SQLException from the database
     */
    boolean addName(long inode, long parent, String name, Optional<Inode> existing) throws SQLException {
        if (existing.isPresent()) {
            return existing.get().id() == inode;
        }
        furtherNames++;
        InodeQueries.insertFurtherName(session, inode, parent, name);
        return true;
    }

    /** How many names {@link #addName} added. */
    long furtherNames() {
        return furtherNames;
    }
}

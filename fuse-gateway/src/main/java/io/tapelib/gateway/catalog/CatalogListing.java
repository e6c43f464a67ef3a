package io.tapelib.gateway.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Catalog listings for the operator's API (issue 14, docs/operator-api.md "files"): a tree walked depth-first, names
 * in byte order within a directory (SQLite's BINARY collation compares the UTF-8 bytes), a directory before its
 * entries, in pages that continue after the last path of the previous one. Each page is keyset queries on the
 * {@code (parent, name)} indexes of {@code inode} and {@code inode_name} with a bound: no subtree is loaded whole, so
 * a page costs the same at the start and at the end of a million-entry catalog. A walk resumes after a path even when
 * that path was deleted or renamed meanwhile: it continues in the deepest directory of the path that still exists,
 * after the path's name there, so the paths of one walk strictly increase (none twice), and an entry that exists
 * unchanged for the whole walk is met. Also: every path with one content (index {@code copy_sha256}), and the live
 * files per cartridge. Thread-safe; errors are {@link CatalogException}.
 */
public final class CatalogListing {
    /** Children of a directory after a name: own names and further names (hard links) merged in name order. */
    private static final String CHILDREN = "SELECT " + InodeQueries.COLUMNS + ", name AS listed FROM inode"
            + " WHERE parent = ?1 AND name > ?2 UNION ALL SELECT " + qualified() + ", n.name AS listed"
            + " FROM inode_name n JOIN inode i ON i.id = n.inode WHERE n.parent = ?1 AND n.name > ?2"
            + " ORDER BY listed LIMIT ?3";

    private final CatalogConnections db;

    CatalogListing(CatalogConnections db) {
        this.db = db;
    }

    /**
     * One page of a walk below {@code root}.
     *
     * @param root      the path components of the directory (or file) to list; empty for the root directory
     * @param recursive false: the direct entries of {@code root}; true: every entry below it, depth-first
     * @param after     components of the last path of the previous page relative to {@code root} (at most one when
     *                  not recursive), empty for the first page
     * @param limit     most entries returned, at least 1
     * @param scanLimit most entries looked at (a filter may skip many); at least {@code limit}
     * @param filter    which entries are returned (the walk goes through the others, and below skipped directories)
     * @return the page; empty when {@code root} does not exist. A file's path lists that file alone (when it passes the
     *         filter and {@code after} is empty).
     */
    public Optional<ListingPage> list(List<String> root, boolean recursive, List<String> after, int limit,
                                      int scanLimit, Predicate<ListedEntry> filter) {
        if (limit < 1 || scanLimit < limit) {
            throw new IllegalArgumentException("limit " + limit + " and scan limit " + scanLimit);
        }
        return db.read(session -> {
            Optional<Inode> start = resolve(session, root);
            if (start.isEmpty()) {
                return Optional.empty();
            }
            String rootPath = root.isEmpty() ? "/" : "/" + String.join("/", root);
            if (!start.get().isDirectory()) {
                ListedEntry entry = entry(session, rootPath, start.get());
                List<ListedEntry> only = after.isEmpty() && filter.test(entry) ? List.of(entry) : List.of();
                return Optional.of(new ListingPage(only, null));
            }
            Deque<Frame> frames = frames(session, start.get().id(), rootPath, recursive, after);
            return Optional.of(walk(session, frames, recursive, limit, scanLimit, filter));
        });
    }

    /**
     * Every path whose current content has this SHA-256 (each name of a hard-linked file), by path; at most
     * {@code limit} of them.
     */
    public List<ListedEntry> withSha256(String sha256, int limit) {
        return db.read(session -> {
            PreparedStatement query = session.prepare("SELECT DISTINCT inode FROM copy WHERE sha256 = ? AND current = 1"
                    + " LIMIT ?");
            query.setString(1, sha256);
            query.setInt(2, limit);
            List<Long> inodes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    inodes.add(rows.getLong(1));
                }
            }
            List<ListedEntry> result = new ArrayList<>();
            for (long id : inodes) {
                Optional<Inode> inode = InodeQueries.get(session, id);
                Optional<String> path = inode.isEmpty() ? Optional.empty() : InodeQueries.pathOf(session, id);
                if (path.isEmpty()) {
                    continue;
                }
                result.add(entry(session, path.get(), inode.get()));
                for (String further : InodeQueries.furtherPaths(session, id)) {
                    int slash = further.lastIndexOf('/');
                    Inode named = named(inode.get(), -1, further.substring(slash + 1));
                    result.add(entry(session, further, named));
                }
            }
            result.sort(java.util.Comparator.comparing(ListedEntry::path));
            return result.size() > limit ? result.subList(0, limit) : result;
        });
    }

    /** Files (not directories) whose current copy each cartridge holds, by volume tag; cartridges with none absent. */
    public Map<String, Integer> liveFilesPerVolume() {
        return db.read(session -> {
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet rows = session.prepare("SELECT c.volume_tag, count(*) FROM copy c JOIN inode i"
                    + " ON i.id = c.inode WHERE c.current = 1 AND i.kind <> 'DIRECTORY' GROUP BY c.volume_tag")
                    .executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    /**
     * The directories the walk goes on in, innermost on top: for each directory of the resumed path that still exists,
     * the name after which its entries go on; a resumed path that is a directory itself (recursive walk) goes on with
     * its own entries.
     */
    private static Deque<Frame> frames(SqlSession session, long rootId, String rootPath, boolean recursive,
                                       List<String> after) throws SQLException {
        Deque<Frame> frames = new ArrayDeque<>();
        if (after.isEmpty()) {
            frames.push(new Frame(rootId, rootPath, ""));
            return frames;
        }
        long directory = rootId;
        String path = rootPath;
        for (int i = 0; i < after.size(); i++) {
            String name = after.get(i);
            frames.push(new Frame(directory, path, name));
            Optional<Inode> child = InodeQueries.lookup(session, directory, name);
            if (child.isEmpty() || !child.get().isDirectory() || !recursive) {
                break;
            }
            directory = child.get().id();
            path = child(path, name);
            if (i == after.size() - 1) {
                frames.push(new Frame(directory, path, ""));
            }
        }
        return frames;
    }

    private static ListingPage walk(SqlSession session, Deque<Frame> frames, boolean recursive, int limit,
                                    int scanLimit, Predicate<ListedEntry> filter) throws SQLException {
        List<ListedEntry> entries = new ArrayList<>();
        String lastPath = null;
        int scanned = 0;
        PreparedStatement children = session.prepare(CHILDREN);
        while (!frames.isEmpty() && entries.size() < limit && scanned < scanLimit) {
            Frame frame = frames.peek();
            int asked = scanLimit - scanned;
            children.setLong(1, frame.directory);
            children.setString(2, frame.after);
            children.setInt(3, asked);
            int read = 0;
            boolean full = false;
            Frame below = null;
            // Rows are stepped lazily: stopping at a directory or a full page reads no further rows.
            try (ResultSet rows = children.executeQuery()) {
                while (rows.next()) {
                    read++;
                    scanned++;
                    Inode named = named(InodeQueries.map(rows), frame.directory, rows.getString(17));
                    String path = child(frame.path, named.name());
                    frame.after = named.name();
                    lastPath = path;
                    ListedEntry entry = entry(session, path, named);
                    if (filter.test(entry)) {
                        entries.add(entry);
                    }
                    if (recursive && named.isDirectory()) {
                        below = new Frame(named.id(), path, "");
                        break;
                    }
                    if (entries.size() >= limit || scanned >= scanLimit) {
                        full = true;
                        break;
                    }
                }
            }
            if (below != null) {
                frames.push(below);
            } else if (!full && read < asked) {
                frames.pop();
            }
        }
        return new ListingPage(entries, frames.isEmpty() ? null : lastPath);
    }

    /** The inode as seen through the name it was listed by (a further name of a hard-linked file gives that name). */
    private static Inode named(Inode inode, long parent, String listed) {
        if (inode.parent() == parent && inode.name().equals(listed)) {
            return inode;
        }
        return new Inode(inode.id(), parent, listed, inode.kind(), inode.mode(), inode.uid(), inode.gid(),
                inode.size(), inode.atime(), inode.mtime(), inode.ctime(), inode.crtime(), inode.symlinkTarget(),
                inode.cacheState(), inode.dirtySince(), inode.changeCounter());
    }

    private static ListedEntry entry(SqlSession session, String path, Inode inode) throws SQLException {
        PreparedStatement query = session.prepare("SELECT volume_tag, current, size, sha256 FROM copy WHERE inode = ?"
                + " ORDER BY volume_tag");
        query.setLong(1, inode.id());
        List<ListedEntry.TapeCopy> copies = new ArrayList<>(2);
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                copies.add(new ListedEntry.TapeCopy(rows.getString(1), rows.getInt(2) == 1, rows.getLong(3),
                        rows.getString(4)));
            }
        }
        return new ListedEntry(path, inode, copies);
    }

    private static Optional<Inode> resolve(SqlSession session, List<String> components) throws SQLException {
        Optional<Inode> current = InodeQueries.get(session, Catalog.ROOT_ID);
        for (String name : components) {
            if (current.isEmpty() || !current.get().isDirectory()) {
                return Optional.empty();
            }
            current = InodeQueries.lookup(session, current.get().id(), name);
        }
        return current;
    }

    private static String child(String directory, String name) {
        return "/".equals(directory) ? "/" + name : directory + "/" + name;
    }

    private static String qualified() {
        StringBuilder columns = new StringBuilder();
        for (String column : InodeQueries.COLUMNS.split(",")) {
            columns.append(columns.length() == 0 ? "" : ", ").append("i.").append(column.trim());
        }
        return columns.toString();
    }

    /** A directory the walk is in, and the name after which its entries go on. */
    private static final class Frame {
        final long directory;
        final String path;
        String after;

        Frame(long directory, String path, String after) {
            this.directory = directory;
            this.path = path;
            this.after = after;
        }
    }
}

package io.tapelib.gateway.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Directory listings as readdir shows them (name, inode id, kind), read with one light query and kept per
 * directory. A warm {@code find} over 100,000 files asks for every directory's entries again (libfuse 2 has no
 * readdir cache): reading full inode rows cost the gateway about 1.9 µs per entry, a cached listing nothing but the
 * copy to the kernel.
 *
 * <p>Never stale: {@link ListingChanges} reports every directory whose entries a write transaction changed, from
 * SQLite's own triggers, after the commit and before the write returns; {@link #changed} drops those listings. A
 * listing read while a change committed is not kept: its query may have seen the catalog before the change, so it
 * is kept only when no change was reported between the moment before its query and its put (a generation count,
 * as {@code namespace.DirectoryIds} does for paths). Bounded by {@link #MAXIMUM_WEIGHT_BYTES} of heap; listings
 * unread for {@link #IDLE} are dropped.
 *
 * <p>Listings with attributes ({@link #readdirWithAttributes}, for READDIRPLUS) are kept apart, dropped as well when
 * an entry's attributes change ({@link ListingChanges}), and bounded alike. Thread-safe.
 */
final class DirectoryListings {
    /** Heap the kept listings may take, bytes: about 500,000 entries of short names. */
    static final long MAXIMUM_WEIGHT_BYTES = 16L << 20;
    /** A listing nobody read for this long is dropped (memory; never needed for correctness). */
    static final Duration IDLE = Duration.ofMinutes(10);

    /**
     * Both kinds of name in one statement, so one snapshot: a file's own name and its further names (hard links).
     * Each side is read in (parent, name) index order and SQLite merges them; names compare as their UTF-8 bytes.
     */
    private static final String QUERY = "SELECT id, name, kind FROM inode WHERE parent = ?1"
            + " UNION ALL SELECT n.inode, n.name, i.kind FROM inode_name n JOIN inode i ON i.id = n.inode"
            + " WHERE n.parent = ?1 ORDER BY 2";

    /**
     * {@link #QUERY} with what stat shows of each entry, in the terms of {@code Catalog}'s getattr: a directory's
     * link count is 2 + its subdirectories (the partial index {@code inode_subdirectory}), a file's 1 when it has no
     * further name. The link count is 0, no attributes, where this listing cannot vouch for them: a file with further
     * names (hard links; their count and changes are another directory's), a further name itself, and a device (its
     * number is not listed).
     */
    private static final String ATTRIBUTES_QUERY = "SELECT id, name, kind, mode, uid, gid, size, atime, mtime, ctime,"
            + " CASE WHEN kind = 'DIRECTORY' THEN 2 + (SELECT count(*) FROM inode s WHERE s.parent = i.id"
            + " AND s.kind = 'DIRECTORY') WHEN kind IN ('CHARACTER_DEVICE', 'BLOCK_DEVICE') THEN 0"
            + " WHEN EXISTS (SELECT 1 FROM inode_name f WHERE f.inode = i.id) THEN 0 ELSE 1 END"
            + " FROM inode i WHERE parent = ?1"
            + " UNION ALL SELECT n.inode, n.name, i.kind, 0, 0, 0, 0, 0, 0, 0, 0 FROM inode_name n"
            + " JOIN inode i ON i.id = n.inode WHERE n.parent = ?1 ORDER BY 2";

    private final CatalogConnections db;
    private final Cache<Long, DirectoryListing> listings = Caffeine.newBuilder()
            .maximumWeight(MAXIMUM_WEIGHT_BYTES)
            .weigher((Long directory, DirectoryListing listing) -> listing.weightBytes())
            .expireAfterAccess(IDLE)
            .build();
    private final Cache<Long, DirectoryListing> attributed = Caffeine.newBuilder()
            .maximumWeight(MAXIMUM_WEIGHT_BYTES)
            .weigher((Long directory, DirectoryListing listing) -> listing.weightBytes())
            .expireAfterAccess(IDLE)
            .build();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: how many changes were reported so far. */
    private long generation;

    DirectoryListings(CatalogConnections db) {
        this.db = db;
        db.trackListingChanges(this::changed);
    }

    /**
     * The entries of a directory ordered by name (UTF-8 bytes): inodes' own names and further names of hard-linked
     * files; empty for a missing directory or a file.
     *
     * @throws CatalogException when the query fails or the catalog is closed
     */
    DirectoryListing readdir(long directory) {
        return keptOrRead(listings, directory, false);
    }

    /**
     * {@link #readdir} with each entry's attributes where the catalog alone answers them as getattr does (see
     * {@link #ATTRIBUTES_QUERY}): mode, owner, size, link count and times of the row. The caller adds what the catalog
     * does not know (writes not recorded yet). Kept like {@link #readdir}'s listings, and also dropped when an entry's
     * attributes change.
     *
     * @throws CatalogException when the query fails or the catalog is closed
     */
    DirectoryListing readdirWithAttributes(long directory) {
        return keptOrRead(attributed, directory, true);
    }

    /** The listing {@code kept} holds, or one read now and kept unless a change was reported meanwhile. */
    private DirectoryListing keptOrRead(Cache<Long, DirectoryListing> kept, long directory, boolean withAttributes) {
        DirectoryListing listing = kept.getIfPresent(directory);
        if (listing != null) {
            return listing;
        }
        long seen = generation();
        DirectoryListing read = db.read(session -> query(session, directory, withAttributes));
        synchronized (lock) {
            if (generation == seen) {
                kept.put(directory, read);
            }
        }
        return read;
    }

    /**
     * How many changes were reported so far: a listing taken after this was read is still what the catalog shows as
     * long as it has not moved on ({@link #unchangedSince}).
     */
    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** True when no change was reported since {@link #generation} answered {@code seen}. */
    boolean unchangedSince(long seen) {
        return generation() == seen;
    }

    /** Drops the listings of directories whose entries or entries' attributes changed (after the change committed). */
    private void changed(Set<Long> entries, Set<Long> attributes) {
        synchronized (lock) {
            generation++;
            listings.invalidateAll(entries);
            attributed.invalidateAll(entries);
            attributed.invalidateAll(attributes);
        }
    }

    /** One directory's listing by {@link #QUERY}, or by {@link #ATTRIBUTES_QUERY} with each entry's attributes. */
    private static DirectoryListing query(SqlSession session, long directory, boolean withAttributes)
            throws SQLException {
        PreparedStatement statement = session.prepare(withAttributes ? ATTRIBUTES_QUERY : QUERY);
        statement.setLong(1, directory);
        DirectoryListing.Builder listing = DirectoryListing.builder(64);
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                // TEXT as its stored UTF-8 bytes: no String made and encoded again for the kernel
                listing.add(rows.getBytes(2), rows.getLong(1), FileKind.valueOf(rows.getString(3)));
                if (withAttributes) {
                    listing.attributes(rows.getInt(4), rows.getInt(5), rows.getInt(6), rows.getLong(7),
                            rows.getLong(11), rows.getLong(8), rows.getLong(9), rows.getLong(10));
                }
            }
        }
        return listing.build();
    }
}

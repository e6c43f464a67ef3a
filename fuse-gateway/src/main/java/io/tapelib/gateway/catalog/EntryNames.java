package io.tapelib.gateway.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of directories, kept so that a name a directory does not hold is known absent without a query. The
 * kernel looks a name up before it creates it, so each file created at the mount began with a lookup that found
 * nothing: two queries (an inode's own name, then a further name of a hard-linked file) that cost about as much as
 * the create's own transaction (issue 12, create of 100,000 files). A directory made by the writer is kept from its
 * making, empty (a tree copied in makes its directories first); one that exists already is read with one query after
 * a lookup in it found nothing, if it holds at most {@link #READ_LIMIT} names (reading costs about one lookup per
 * 25 names). From then on {@link EntryChanges} keeps them as the writer connection sees them (every insert, delete and
 * move of an entry, whoever made it). A name that may be held is looked up as before.
 *
 * <p>Only the writer connection's view is kept: names are read on the writer, under the write lock, and changes
 * are applied under it as each unit of work ends, so no change can fall between a read and its keeping. What is
 * kept of a name is its hash, counted (two names may share one): a hash not kept means the name is absent for sure;
 * a hash kept, a name that may be there, which the query answers. So memory does not grow with the names' length:
 * about 50 bytes per name, at most {@link #MAXIMUM_NAMES} names in all (13 MB); the directories least used go first.
 * A directory that grows past {@link #DIRECTORY_LIMIT} is kept as "too many to keep": its lookups query, as they
 * always did. Thread-safe.
 */
final class EntryNames {
    /** Names of one directory kept at most; past it, lookups in it query. */
    static final int DIRECTORY_LIMIT = 16_384;
    /** Names read at most to keep a directory that exists already (one query; a larger one is not kept). */
    static final int READ_LIMIT = 1_024;
    /** Names kept in all directories, at most. */
    static final long MAXIMUM_NAMES = 262_144;

    private static final String QUERY = "SELECT name FROM inode WHERE parent = ?1"
            + " UNION ALL SELECT name FROM inode_name WHERE parent = ?1 LIMIT " + (READ_LIMIT + 1);

    /**
     * The names of one directory as counts by hash ({@link String#hashCode}), or none because it has too many
     * ({@link #tooMany}). Changed under the write lock only; read by any thread.
     */
    private static final class Names {
        final Map<Integer, Integer> hashes = new ConcurrentHashMap<>();
        volatile boolean tooMany;

        boolean mayHold(String name) {
            return hashes.containsKey(name.hashCode());
        }

        /** @return true when the count of hashes reached a power of two (the cache weighs the directory again) */
        boolean add(String name, int limit) {
            hashes.merge(name.hashCode(), 1, Integer::sum);
            int size = hashes.size();
            if (size > limit) {
                tooMany = true;
                hashes.clear();
                return true;
            }
            return Integer.bitCount(size) == 1;
        }

        void remove(String name) {
            hashes.computeIfPresent(name.hashCode(), (hash, count) -> count == 1 ? null : count - 1);
        }

        int weight() {
            return 1 + hashes.size();
        }
    }

    // weighed when put: a directory's weight is brought up to date as it doubles ({@link Names#add})
    private final Cache<Long, Names> kept = Caffeine.newBuilder()
            .maximumWeight(MAXIMUM_NAMES)
            .weigher((Long directory, Names names) -> names.weight())
            .build();

    /** True when the names of {@code directory} are kept and {@code name} is not among them. */
    boolean absent(long directory, String name) {
        Names names = kept.getIfPresent(directory);
        return names != null && !names.tooMany && !names.mayHold(name);
    }

    /**
     * Reads and keeps the names of {@code directory} unless they are kept already. Only on the writer connection,
     * under the write lock ({@link CatalogConnections#readByKey} when it ran there): no change can be applied
     * between this read and its keeping.
     *
     * @throws SQLException when the query fails
     */
    void keep(SqlSession writer, long directory) throws SQLException {
        if (kept.getIfPresent(directory) != null) {
            return;
        }
        Names names = new Names();
        PreparedStatement statement = writer.prepare(QUERY);
        statement.setLong(1, directory);
        try (ResultSet rows = statement.executeQuery()) {
            while (!names.tooMany && rows.next()) {
                names.add(rows.getString(1), READ_LIMIT);
            }
        }
        kept.put(directory, names);
    }

    /** Applies changes the writer's work made ({@link EntryChanges}); under the write lock. */
    void apply(List<EntryChanges.NameChange> changes) {
        for (EntryChanges.NameChange change : changes) {
            switch (change.change()) {
                case EntryChanges.GONE -> kept.invalidate(change.directory());
                case EntryChanges.NEW_DIRECTORY -> kept.put(change.directory(), new Names());
                case EntryChanges.REMOVED -> {
                    Names names = kept.getIfPresent(change.directory());
                    if (names != null && !names.tooMany) {
                        names.remove(change.name());
                    }
                }
                default -> {
                    Names names = kept.getIfPresent(change.directory());
                    if (names != null && !names.tooMany && names.add(change.name(), DIRECTORY_LIMIT)) {
                        kept.put(change.directory(), names);
                    }
                }
            }
        }
    }

    /** Forgets every kept name (a unit of work changed too many to hold). */
    void forgetAll() {
        kept.invalidateAll();
    }
}

package io.tapelib.gateway.catalog;

import org.sqlite.Function;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Which directories' entries the writer connection's transactions changed, as SQLite itself sees them: TEMP
 * triggers on the writer call {@value #FUNCTION} for every row of {@code inode} or {@code inode_name} inserted,
 * deleted, or moved (its parent, name or kind set), whichever code wrote it: a change at the mount, the import of
 * a cartridge's index, a rebuild, a reclaim. No caller has to remember to report its change, so a listing cache
 * dropped on these reports cannot miss one. The triggers live in the connection's temp schema, not in the
 * catalog file (the schema version does not change).
 *
 * <p>Apart from those, the directories whose entries' attributes as stat shows them changed ({@value #ATTRIBUTES}):
 * an entry's mode, owner, size or times set, the link count of a file (a further name made or removed elsewhere) or
 * of a subdirectory (a directory made, removed or moved in it). Only listings with attributes (READDIRPLUS) depend on
 * those; the light listings stay.
 *
 * <p>{@link #publish} hands the directories to the listener after each write transaction, committed or not (a
 * rolled-back change drops a listing that was still right: harmless). Cost: one call from SQLite into Java per
 * changed row (a create, one, and one for its directory's times; an import, one per entry), one per update of an
 * entry's attributes (a write recorded, a chmod); nothing for the updates of states.
 *
 * <p>Thread-safety: {@link #touched} runs on the thread stepping the writer's statement and {@link #publish} on the
 * same thread after the transaction, both under the catalog's write lock ({@link CatalogConnections}).
 */
final class ListingChanges {
    /** The SQL function the triggers call with a directory's inode id. */
    static final String FUNCTION = "tapelib_listing_changed";
    /** The SQL function the triggers call with a directory whose entries' attributes changed. */
    static final String ATTRIBUTES = "tapelib_attributes_changed";

    /**
     * The triggers. A directory's own id is reported when it is deleted, so that no listing of it outlives it. A
     * change of kind (never made today) also changes the entries of a file's further names.
     */
    private static final String[] TRIGGERS = {
        "CREATE TEMP TRIGGER listing_inode_insert AFTER INSERT ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(NEW.parent); END",
        "CREATE TEMP TRIGGER listing_inode_delete AFTER DELETE ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent); SELECT " + FUNCTION + "(OLD.id); END",
        "CREATE TEMP TRIGGER listing_inode_move AFTER UPDATE OF id, parent, name, kind ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent); SELECT " + FUNCTION + "(NEW.parent); END",
        "CREATE TEMP TRIGGER listing_inode_kind AFTER UPDATE OF id, kind ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(parent) FROM main.inode_name WHERE inode IN (OLD.id, NEW.id); END",
        "CREATE TEMP TRIGGER listing_name_insert AFTER INSERT ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(NEW.parent); END",
        "CREATE TEMP TRIGGER listing_name_delete AFTER DELETE ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent); END",
        "CREATE TEMP TRIGGER listing_name_move AFTER UPDATE OF inode, parent, name ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent); SELECT " + FUNCTION + "(NEW.parent); END",
        // what stat shows of an entry (rdev: devices are listed without attributes)
        "CREATE TEMP TRIGGER attributes_inode_update AFTER UPDATE OF mode, uid, gid, size, atime, mtime, ctime,"
                + " symlink ON main.inode BEGIN SELECT " + ATTRIBUTES + "(NEW.parent); END",
        // a directory's link count counts its subdirectories: its own directory's listing shows it
        "CREATE TEMP TRIGGER attributes_subdirectory_insert AFTER INSERT ON main.inode WHEN NEW.kind = 'DIRECTORY'"
                + " BEGIN SELECT " + ATTRIBUTES + "(parent) FROM main.inode WHERE id = NEW.parent; END",
        "CREATE TEMP TRIGGER attributes_subdirectory_delete AFTER DELETE ON main.inode WHEN OLD.kind = 'DIRECTORY'"
                + " BEGIN SELECT " + ATTRIBUTES + "(parent) FROM main.inode WHERE id = OLD.parent; END",
        "CREATE TEMP TRIGGER attributes_subdirectory_move AFTER UPDATE OF parent, kind ON main.inode"
                + " WHEN OLD.kind = 'DIRECTORY' OR NEW.kind = 'DIRECTORY' BEGIN SELECT " + ATTRIBUTES + "(parent)"
                + " FROM main.inode WHERE id IN (OLD.parent, NEW.parent); END",
        // a file's link count counts its further names: the listing of its own name shows it
        "CREATE TEMP TRIGGER attributes_name_insert AFTER INSERT ON main.inode_name BEGIN SELECT " + ATTRIBUTES
                + "(parent) FROM main.inode WHERE id = NEW.inode; END",
        "CREATE TEMP TRIGGER attributes_name_delete AFTER DELETE ON main.inode_name BEGIN SELECT " + ATTRIBUTES
                + "(parent) FROM main.inode WHERE id = OLD.inode; END",
        "CREATE TEMP TRIGGER attributes_name_move AFTER UPDATE OF inode ON main.inode_name BEGIN SELECT " + ATTRIBUTES
                + "(parent) FROM main.inode WHERE id IN (OLD.inode, NEW.inode); END",
    };

    /** Told the directories whose entries, and those whose entries' attributes, a transaction changed, once it ended. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param entries    directories with entries added, removed or renamed (their listings are stale)
         * @param attributes directories whose entries' attributes changed (only listings with attributes are stale)
         */
        void changed(Set<Long> entries, Set<Long> attributes);
    }

    private final Set<Long> touched = new HashSet<>();
    private final Set<Long> touchedAttributes = new HashSet<>();
    /** The last directory reported: an import reports each directory's entries one after the other. */
    private long last = -1;
    private long lastAttributes = -1;
    private volatile Listener listener = (entries, attributes) -> { };

    private ListingChanges() {
    }

    /** Changes of a connection with no triggers: nothing is ever reported. */
    static ListingChanges untracked() {
        return new ListingChanges();
    }

    /**
     * Registers the function and creates the triggers on the writer connection (not in auto-commit mode), and
     * commits.
     *
     * @throws SQLException when SQLite refuses either
     */
    static ListingChanges install(Connection writer) throws SQLException {
        ListingChanges changes = new ListingChanges();
        Function.create(writer, FUNCTION, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                changes.touched(value_long(0));
            }
        }, 1, 0);
        Function.create(writer, ATTRIBUTES, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                changes.attributesTouched(value_long(0));
            }
        }, 1, 0);
        try (Statement statement = writer.createStatement()) {
            for (String trigger : TRIGGERS) {
                statement.execute(trigger);
            }
        }
        writer.commit();
        return changes;
    }

    /** Sets who is told (one listener: the catalog's listing cache). */
    void listen(Listener listener) {
        this.listener = listener;
    }

    private void touched(long directory) {
        if (directory != last) {
            touched.add(directory);
            last = directory;
        }
    }

    private void attributesTouched(long directory) {
        if (directory != lastAttributes) {
            touchedAttributes.add(directory);
            lastAttributes = directory;
        }
    }

    /** Tells the listener which directories the transaction that just ended changed, if any, and forgets them. */
    void publish() {
        if (touched.isEmpty() && touchedAttributes.isEmpty()) {
            return;
        }
        try {
            listener.changed(touched, touchedAttributes);
        } finally {
            touched.clear();
            touchedAttributes.clear();
            last = -1;
            lastAttributes = -1;
        }
    }
}

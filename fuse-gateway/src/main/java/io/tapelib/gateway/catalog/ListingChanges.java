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
 * <p>{@link #publish} hands the directories to the listener after each write transaction, committed or not (a
 * rolled-back change drops a listing that was still right: harmless). Cost: one call from SQLite into Java per
 * changed row (a create, one; an import, one per entry); nothing for the updates of sizes, times and states.
 *
 * <p>Thread-safety: {@link #touched} runs on the thread stepping the writer's statement and {@link #publish} on the
 * same thread after the transaction, both under the catalog's write lock ({@link CatalogConnections}).
 */
final class ListingChanges {
    /** The SQL function the triggers call with a directory's inode id. */
    static final String FUNCTION = "tapelib_listing_changed";

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
    };

    /** Told the directories whose entries a transaction changed, once it ended. */
    @FunctionalInterface
    interface Listener {
        void changed(Set<Long> directories);
    }

    private final Set<Long> touched = new HashSet<>();
    /** The last directory reported: an import reports each directory's entries one after the other. */
    private long last = -1;
    private volatile Listener listener = directories -> { };

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

    /** Tells the listener which directories the transaction that just ended changed, if any, and forgets them. */
    void publish() {
        if (touched.isEmpty()) {
            return;
        }
        try {
            listener.changed(touched);
        } finally {
            touched.clear();
            last = -1;
        }
    }
}

package io.tapelib.gateway.catalog;

import org.sqlite.Function;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The names the writer connection's work added to and removed from directories, as SQLite itself sees them: TEMP
 * triggers on {@code inode} and {@code inode_name} call {@value #FUNCTION} for every entry inserted, deleted or
 * moved, whichever code wrote it (the mount, an import, a rebuild, a reclaim), as {@link ListingChanges} does for
 * whole directories. {@link EntryNames} keeps the names of small directories up to date from these reports instead
 * of reading them again after each create.
 *
 * <p>The reports of one unit of work are held until it ends ({@link #workEnded}): handed on when its changes stand
 * (committed, or released from their savepoint inside a transaction still open), dropped when they were rolled
 * back. Thread-safety: both run under the catalog's write lock, on the thread stepping the writer's statements.
 */
final class NameChanges {
    /** The SQL function the triggers call: (directory, name or NULL, one of the changes below). */
    static final String FUNCTION = "tapelib_name_changed";
    /** A change: {@code name} entered the directory. */
    static final int ADDED = 1;
    /** A change: {@code name} left the directory. */
    static final int REMOVED = -1;
    /** A change: the directory itself is gone (deleted, or its id changed): nothing kept of it holds. */
    static final int GONE = 0;
    /** A change: the directory was just made, so it holds no name yet. */
    static final int NEW_DIRECTORY = 2;
    /**
     * Changes held for one unit of work at most: past this (the import of a cartridge's index), they are not held
     * but everything kept is forgotten when it ends, rather than keeping a million names in the heap.
     */
    static final int HELD_LIMIT = 10_000;

    private static final String[] TRIGGERS = {
        "CREATE TEMP TRIGGER names_inode_insert AFTER INSERT ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(NEW.parent, NEW.name, 1); END",
        "CREATE TEMP TRIGGER names_directory_insert AFTER INSERT ON main.inode WHEN NEW.kind = 'DIRECTORY' BEGIN"
                + " SELECT " + FUNCTION + "(NEW.id, NULL, 2); END",
        // a directory that goes takes its names with it: its id may be given again
        "CREATE TEMP TRIGGER names_inode_delete AFTER DELETE ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent, OLD.name, -1); SELECT " + FUNCTION + "(OLD.id, NULL, 0); END",
        "CREATE TEMP TRIGGER names_inode_move AFTER UPDATE OF parent, name ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent, OLD.name, -1); SELECT " + FUNCTION + "(NEW.parent, NEW.name, 1);"
                + " END",
        "CREATE TEMP TRIGGER names_inode_renumber AFTER UPDATE OF id ON main.inode BEGIN"
                + " SELECT " + FUNCTION + "(OLD.id, NULL, 0); SELECT " + FUNCTION + "(NEW.id, NULL, 0); END",
        "CREATE TEMP TRIGGER names_name_insert AFTER INSERT ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(NEW.parent, NEW.name, 1); END",
        "CREATE TEMP TRIGGER names_name_delete AFTER DELETE ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent, OLD.name, -1); END",
        "CREATE TEMP TRIGGER names_name_move AFTER UPDATE OF parent, name ON main.inode_name BEGIN"
                + " SELECT " + FUNCTION + "(OLD.parent, OLD.name, -1); SELECT " + FUNCTION + "(NEW.parent, NEW.name, 1);"
                + " END",
    };

    /** One reported change ({@link #ADDED}, {@link #REMOVED}, {@link #GONE}, {@link #NEW_DIRECTORY}). */
    record Change(long directory, String name, int change) {
    }

    private final List<Change> held = new ArrayList<>();
    /** The unit of work changed more than {@link #HELD_LIMIT} names: none held, all kept forgotten at its end. */
    private boolean tooMany;
    private volatile EntryNames names;

    private NameChanges() {
    }

    /** Changes of a connection with no triggers: nothing is ever reported. */
    static NameChanges untracked() {
        return new NameChanges();
    }

    /**
     * Registers the function and creates the triggers on the writer connection (not in auto-commit mode), commits,
     * and from then on tells {@code names}.
     *
     * @throws SQLException when SQLite refuses either
     */
    static NameChanges install(Connection writer, EntryNames names) throws SQLException {
        NameChanges changes = new NameChanges();
        changes.names = names;
        Function.create(writer, FUNCTION, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (changes.holding()) {
                    changes.hold(new Change(value_long(0), value_text(1), value_int(2)));
                }
            }
        }, 3, 0);
        try (Statement statement = writer.createStatement()) {
            for (String trigger : TRIGGERS) {
                statement.execute(trigger);
            }
        }
        writer.commit();
        return changes;
    }

    /** False once the unit of work changed too many names to hold: the rest are not even read. */
    private boolean holding() {
        if (!tooMany && held.size() == HELD_LIMIT) {
            tooMany = true;
            held.clear();
        }
        return !tooMany;
    }

    private void hold(Change change) {
        held.add(change);
    }

    /**
     * A unit of work on the writer ended: its changes are handed on when {@code stands} (they are what the writer
     * now sees), else forgotten (rolled back, the kept names never saw them).
     */
    void workEnded(boolean stands) {
        if (held.isEmpty() && !tooMany) {
            return;
        }
        try {
            if (tooMany && names != null) {
                names.forgetAll();
            } else if (stands && names != null) {
                names.apply(held);
            }
        } finally {
            held.clear();
            tooMany = false;
        }
    }

    /** Changes that stood were undone after all (a commit failed): nothing kept may be trusted. */
    void undone() {
        held.clear();
        tooMany = false;
        if (names != null) {
            names.forgetAll();
        }
    }
}

package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;
import org.sqlite.Function;
import org.sqlite.core.Codes;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the writer connection's work changed of the tree's entries, as SQLite itself sees it, for the state kept from
 * it: the names each directory gained and lost ({@link EntryNames}) and the rows of directories with the counts of
 * their subdirectories ({@link DirectoryRows}). TEMP triggers on {@code inode} and {@code inode_name} call
 * {@value #NAME_FUNCTION} and {@value #DIRECTORY_FUNCTION} for every entry inserted, deleted or moved and every
 * directory's row updated, whichever code wrote it (the mount, an import, a rebuild, a reclaim), as
 * {@link ListingChanges} does for listings; no caller has to remember to report its change. The triggers live in the
 * connection's temp schema, not in the catalog file.
 *
 * <p>The reports of one unit of work are held until it ends ({@link #workEnded}, {@link HeldChanges}).
 * Thread-safety: everything runs under the catalog's write lock, on the thread stepping the writer's statements.
 */
final class EntryChanges {
    /** The SQL function of names: (directory, name or NULL, one of the changes below). */
    static final String NAME_FUNCTION = "tapelib_name_changed";
    /** A change of names: {@code name} entered the directory. */
    static final int ADDED = 1;
    /** A change of names: {@code name} left the directory. */
    static final int REMOVED = -1;
    /** A change of names: the directory itself is gone (deleted, or its id changed): nothing kept of it holds. */
    static final int GONE = 0;
    /** A change of names: the directory was just made, so it holds no name yet. */
    static final int NEW_DIRECTORY = 2;
    /**
     * The SQL function of directories: (id, then {@link InodeQueries#COLUMNS} of the new row, or (id, 'gone') for a
     * directory deleted or renumbered, or (id, 'subdirectories') for one a subdirectory entered or left.
     */
    static final String DIRECTORY_FUNCTION = "tapelib_directory_changed";
    /** The second argument of {@link #DIRECTORY_FUNCTION} for a directory gone. */
    private static final String GONE_WORD = "gone";
    /** The second argument of {@link #DIRECTORY_FUNCTION} for a directory whose subdirectories changed. */
    private static final String SUBDIRECTORIES_WORD = "subdirectories";
    /** Changes held for one unit of work at most, of each kind ({@link HeldChanges}). */
    static final int HELD_LIMIT = 10_000;

    private static final String DIRECTORY_ROW = "NEW.id, NEW.id, NEW.parent, NEW.name, NEW.kind, NEW.mode, NEW.uid,"
            + " NEW.gid, NEW.size, NEW.atime, NEW.mtime, NEW.ctime, NEW.crtime, NEW.symlink, NEW.cache_state,"
            + " NEW.dirty_since, NEW.change_counter";

    /** A call of {@link #NAME_FUNCTION}: {@code name} (an SQL expression) entered or left {@code directory}. */
    private static String name(String directory, String name, int change) {
        return " SELECT " + NAME_FUNCTION + "(" + directory + ", " + name + ", " + change + ");";
    }

    /** A call of {@link #DIRECTORY_FUNCTION} with the directory {@code id} gone, or its subdirectories changed. */
    private static String directory(String id, boolean gone) {
        return " SELECT " + DIRECTORY_FUNCTION + "(" + id + ", '" + (gone ? GONE_WORD : SUBDIRECTORIES_WORD) + "');";
    }

    private static final String[] TRIGGERS = {
        "CREATE TEMP TRIGGER names_inode_insert AFTER INSERT ON main.inode BEGIN"
                + name("NEW.parent", "NEW.name", ADDED) + " END",
        "CREATE TEMP TRIGGER names_directory_insert AFTER INSERT ON main.inode WHEN NEW.kind = 'DIRECTORY' BEGIN"
                + name("NEW.id", "NULL", NEW_DIRECTORY) + directory("NEW.parent", false) + " END",
        // a directory that goes takes its names with it: its id may be given again
        "CREATE TEMP TRIGGER names_inode_delete AFTER DELETE ON main.inode BEGIN"
                + name("OLD.parent", "OLD.name", REMOVED) + name("OLD.id", "NULL", GONE) + " END",
        "CREATE TEMP TRIGGER directories_delete AFTER DELETE ON main.inode WHEN OLD.kind = 'DIRECTORY' BEGIN"
                + directory("OLD.id", true) + directory("OLD.parent", false) + " END",
        "CREATE TEMP TRIGGER names_inode_move AFTER UPDATE OF parent, name ON main.inode BEGIN"
                + name("OLD.parent", "OLD.name", REMOVED) + name("NEW.parent", "NEW.name", ADDED) + " END",
        "CREATE TEMP TRIGGER names_inode_renumber AFTER UPDATE OF id ON main.inode BEGIN"
                + name("OLD.id", "NULL", GONE) + name("NEW.id", "NULL", GONE)
                + directory("OLD.id", true) + directory("NEW.id", true) + " END",
        // any column: the row as stat shows it, and the states and counters the namespace reads
        "CREATE TEMP TRIGGER directories_update AFTER UPDATE ON main.inode"
                + " WHEN NEW.kind = 'DIRECTORY' AND OLD.id = NEW.id BEGIN"
                + " SELECT " + DIRECTORY_FUNCTION + "(" + DIRECTORY_ROW + "); END",
        "CREATE TEMP TRIGGER directories_unmade AFTER UPDATE OF kind ON main.inode"
                + " WHEN OLD.kind = 'DIRECTORY' AND NEW.kind <> 'DIRECTORY' BEGIN" + directory("OLD.id", true) + " END",
        "CREATE TEMP TRIGGER directories_move AFTER UPDATE OF parent, kind ON main.inode"
                + " WHEN OLD.kind = 'DIRECTORY' OR NEW.kind = 'DIRECTORY' BEGIN"
                + directory("OLD.parent", false) + directory("NEW.parent", false) + " END",
        "CREATE TEMP TRIGGER names_name_insert AFTER INSERT ON main.inode_name BEGIN"
                + name("NEW.parent", "NEW.name", ADDED) + " END",
        "CREATE TEMP TRIGGER names_name_delete AFTER DELETE ON main.inode_name BEGIN"
                + name("OLD.parent", "OLD.name", REMOVED) + " END",
        "CREATE TEMP TRIGGER names_name_move AFTER UPDATE OF parent, name ON main.inode_name BEGIN"
                + name("OLD.parent", "OLD.name", REMOVED) + name("NEW.parent", "NEW.name", ADDED) + " END",
    };

    /** One change of names ({@link #ADDED}, {@link #REMOVED}, {@link #GONE}, {@link #NEW_DIRECTORY}). */
    record NameChange(long directory, String name, int change) {
    }

    /**
     * One change of a directory: its new {@code row}; or, with no row, the directory {@code gone}, or else the count of
     * its subdirectories changed.
     */
    record DirectoryChange(long id, Inode row, boolean gone) {
    }

    private final HeldChanges<NameChange> names = new HeldChanges<>(HELD_LIMIT);
    private final HeldChanges<DirectoryChange> directories = new HeldChanges<>(HELD_LIMIT);
    private final EntryNames entryNames;
    private final DirectoryRows directoryRows;

    private EntryChanges(EntryNames entryNames, DirectoryRows directoryRows) {
        this.entryNames = entryNames;
        this.directoryRows = directoryRows;
    }

    /** Changes of a connection with no triggers: nothing is ever reported, nothing kept. */
    static EntryChanges untracked() {
        return new EntryChanges(new EntryNames(), new DirectoryRows());
    }

    /**
     * Registers the functions and creates the triggers on the writer connection (not in auto-commit mode), commits,
     * and from then on keeps {@code entryNames} and {@code directoryRows}.
     *
     * @throws SQLException when SQLite refuses any
     */
    static EntryChanges install(Connection writer, EntryNames entryNames, DirectoryRows directoryRows)
            throws SQLException {
        EntryChanges changes = new EntryChanges(entryNames, directoryRows);
        Function.create(writer, NAME_FUNCTION, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (changes.names.holding()) {
                    changes.names.hold(new NameChange(value_long(0), value_text(1), value_int(2)));
                }
            }
        }, 3, 0);
        Function.create(writer, DIRECTORY_FUNCTION, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (!changes.directories.holding()) {
                    return;
                }
                long id = value_long(0);
                if (args() == 2) {
                    changes.directories.hold(new DirectoryChange(id, null, GONE_WORD.equals(value_text(1))));
                    return;
                }
                // the arguments after the id are InodeQueries.COLUMNS, in that order (see InodeQueries#map)
                Inode row = new Inode(value_long(1), value_long(2), value_text(3), FileKind.valueOf(value_text(4)),
                        value_int(5), value_int(6), value_int(7), value_long(8), Nanos.toInstant(value_long(9)),
                        Nanos.toInstant(value_long(10)), Nanos.toInstant(value_long(11)),
                        Nanos.toInstant(value_long(12)), value_text(13), CacheState.valueOf(value_text(14)),
                        value_type(15) == Codes.SQLITE_NULL ? null : Nanos.toInstant(value_long(15)), value_long(16));
                changes.directories.hold(new DirectoryChange(id, row, false));
            }
        }, -1, 0);
        try (Statement statement = writer.createStatement()) {
            for (String trigger : TRIGGERS) {
                statement.execute(trigger);
            }
        }
        writer.commit();
        return changes;
    }

    /**
     * A unit of work on the writer ended: its changes are applied when they {@code stand} (they are what the writer
     * now sees), else forgotten (rolled back: nothing kept ever saw them).
     */
    void workEnded(boolean stands) {
        names.workEnded(stands, entryNames::apply, entryNames::forgetAll);
        directories.workEnded(stands, directoryRows::apply, directoryRows::forgetAll);
    }
}

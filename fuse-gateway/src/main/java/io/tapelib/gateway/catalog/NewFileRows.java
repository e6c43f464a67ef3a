package io.tapelib.gateway.catalog;

import io.tapelib.gateway.posix.FileKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The new files of a volume import (no directories, devices or hard links) whose directory the import created, written
 * {@value #ROWS} at a time: one multi-row INSERT into {@code inode} and one into {@code copy} per {@value #ROWS} files
 * instead of two statements per file. On a 1,000,000-file cartridge the statements' own cost (a JNI step, a reset and a
 * result set each) was most of the catalog's work. Ids are given here, in the order and with the values AUTOINCREMENT
 * would give (above the highest id and the table's sequence, read at the first row after every {@link #flush()}), so
 * the catalog is the one row-by-row inserts made. The caller flushes before any other statement of its import.
 * One instance per import, used by its thread.
 */
final class NewFileRows {
    /** Files per statement; 16 parameters a row stay far below SQLite's 32,766 variables. */
    static final int ROWS = 128;
    private static final String INODE_COLUMNS = "INSERT INTO inode (id, parent, name, kind, mode, uid, gid, size, atime,"
            + " mtime, ctime, crtime, symlink, cache_state, dirty_since, change_counter) VALUES ";
    private static final String INODE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CLEAN', NULL, 0)";
    private static final String COPY_COLUMNS = "INSERT OR REPLACE INTO copy (inode, volume_tag, size, mtime, sha256,"
            + " current) VALUES ";
    private static final String COPY_ROW = "(?, ?, ?, ?, ?, 1)";

    /** A file held until the next flush, with its id. */
    record Row(long id, long parent, String name, TapeEntry entry, long size) {
    }

    private final SqlSession session;
    private final String volumeTag;
    private final List<Row> rows = new ArrayList<>(ROWS);
    /** The statements' text by log2 of their rows, made once. */
    private final String[] inodeStatements = new String[Integer.numberOfTrailingZeros(ROWS) + 1];
    private final String[] copyStatements = new String[inodeStatements.length];
    private long inserted;
    /** The id the next row gets; 0 when it must be read first (after a flush: other inserts may have taken ids). */
    private long nextId;

    NewFileRows(SqlSession session, String volumeTag) {
        this.session = session;
        this.volumeTag = volumeTag;
    }

    /**
     * Holds a new file for the next flush, which this may run.
     *
     * @return the rows a flush this ran could not insert because a name of theirs was taken (the caller merges them
     *         one by one), else an empty list
     */
    List<Row> add(long parent, String name, TapeEntry entry, long size) throws SQLException {
        if (nextId == 0) {
            nextId = firstFreeId();
        }
        rows.add(new Row(nextId++, parent, name, entry, size));
        return rows.size() == ROWS ? flush() : List.of();
    }

    /**
     * Inserts the files held: their inodes, copies, extents and attributes. Statements of {@value #ROWS}, then of
     * fewer rows by halves (at most eight statements of each table are ever prepared).
     *
     * @return as {@link #add}: the rows not inserted because a name of theirs was taken (the first statement that
     *         failed changed nothing; the rows of the statements before it are in), else an empty list
     */
    List<Row> flush() throws SQLException {
        nextId = 0;
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Row> held = List.copyOf(rows);
        rows.clear();
        int done = 0;
        try {
            while (done < held.size()) {
                List<Row> part = held.subList(done, done + statementRows(held.size() - done));
                insertInodes(part);
                done += part.size();
            }
        } catch (SQLiteException e) {
            if (e.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw e;
            }
        }
        List<Row> in = held.subList(0, done);
        for (int from = 0; from < in.size(); ) {
            List<Row> part = in.subList(from, from + statementRows(in.size() - from));
            insertCopies(part);
            from += part.size();
        }
        for (Row row : in) {
            InodeQueries.insertExtents(session, row.id(), volumeTag, row.entry().extents());
            InodeQueries.replaceXattrs(session, row.id(), row.entry().userXattrs(), true);
        }
        inserted += done;
        return held.subList(done, held.size());
    }

    /** Rows of the next statement for {@code left} rows: {@value #ROWS}, or the largest power of two below. */
    private static int statementRows(int left) {
        return Math.min(ROWS, Integer.highestOneBit(left));
    }

    /**
     * Whether an entry of a directory the import created can be held here: a file or symlink with no link group (a
     * device needs its number, a directory its id at once, a link group its inode).
     */
    static boolean accepts(TapeEntry entry) {
        return (entry.kind() == FileKind.FILE || entry.kind() == FileKind.SYMLINK) && entry.linkGroup().isEmpty();
    }

    private void insertInodes(List<Row> held) throws SQLException {
        PreparedStatement statement = session.prepare(statement(inodeStatements, INODE_COLUMNS, INODE_ROW,
                held.size()));
        int p = 1;
        for (Row row : held) {
            TapeEntry entry = row.entry();
            statement.setLong(p++, row.id());
            statement.setLong(p++, row.parent());
            statement.setString(p++, row.name());
            statement.setString(p++, entry.kind().name());
            statement.setInt(p++, entry.mode() & 07777);
            statement.setInt(p++, entry.uid());
            statement.setInt(p++, entry.gid());
            statement.setLong(p++, row.size());
            statement.setLong(p++, Nanos.of(entry.accessTime()));
            statement.setLong(p++, Nanos.of(entry.modifyTime()));
            statement.setLong(p++, Nanos.of(entry.changeTime()));
            statement.setLong(p++, Nanos.of(entry.creationTime()));
            statement.setString(p++, entry.symlinkTarget());
        }
        statement.executeUpdate();
    }

    private void insertCopies(List<Row> held) throws SQLException {
        PreparedStatement statement = session.prepare(statement(copyStatements, COPY_COLUMNS, COPY_ROW,
                held.size()));
        int p = 1;
        for (Row row : held) {
            statement.setLong(p++, row.id());
            statement.setString(p++, volumeTag);
            statement.setLong(p++, row.size());
            statement.setLong(p++, Nanos.of(row.entry().modifyTime()));
            statement.setString(p++, row.entry().sha256());
        }
        statement.executeUpdate();
    }

    /** The files inserted so far. */
    long inserted() {
        return inserted;
    }

    /** The id AUTOINCREMENT would give the next inode: above every id the table holds or ever held. */
    private long firstFreeId() throws SQLException {
        PreparedStatement statement = session.prepare("SELECT max(coalesce((SELECT max(id) FROM inode), 0),"
                + " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'inode'), 0))");
        try (ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1) + 1;
        }
    }

    /** The text of a statement of {@code count} rows (a power of two), made at its first use. */
    private static String statement(String[] made, String columns, String row, int count) {
        int slot = Integer.numberOfTrailingZeros(count);
        if (made[slot] == null) {
            made[slot] = statement(columns, row, count);
        }
        return made[slot];
    }

    private static String statement(String columns, String row, int count) {
        StringBuilder sql = new StringBuilder(columns.length() + count * (row.length() + 2)).append(columns);
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}

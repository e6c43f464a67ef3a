package io.tapelib.gateway.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One JDBC connection with its prepared statements, used by one thread at a time (the catalog's lock or
 * reader pool guarantees that). Statements are prepared once and reused: the FUSE hot path runs the same
 * few queries millions of times.
 */
final class SqlSession implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final boolean writer;

    /** @param writer the catalog's one writer connection (used under its write lock only), not a pooled reader */
    SqlSession(Connection connection, boolean writer) {
        this.connection = connection;
        this.writer = writer;
    }

    /** True for the writer connection: whoever holds this session holds the catalog's write lock. */
    boolean writer() {
        return writer;
    }

    Connection connection() {
        return connection;
    }

    /** The cached prepared statement for {@code sql}, parameters cleared. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        connection.close();
    }
}

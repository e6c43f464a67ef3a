package io.tapelib.gateway.catalog;

import java.sql.SQLException;

/** A unit of catalog work on one session, run by {@link CatalogConnections} in one transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(SqlSession session) throws SQLException;
}

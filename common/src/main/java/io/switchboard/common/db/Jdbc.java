package io.switchboard.common.db;

import io.switchboard.common.api.DatabaseOutage;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC for the stores whose batched statements (arrays, {@code unnest}, {@code SKIP LOCKED}) Panache cannot
 * express: one pooled connection per piece of work, enlisted in the caller's JTA transaction by the pool, and a
 * {@link SQLException} turned into an unchecked error that names the store.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Statements run on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    public static <T> T run(DataSource ds, String store, Work<T> work) {
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(store + ": " + e.getMessage(), DatabaseOutage.acquisitionFailed(e));
        }
        try (c) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(store + ": " + e.getMessage(), e);
        }
    }
}

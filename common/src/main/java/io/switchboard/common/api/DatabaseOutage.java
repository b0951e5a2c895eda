package io.switchboard.common.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database outage (the connection was lost or refused, the server is shutting down or starting up, it has
 * no connection slot left) from a failure of the statement itself. An outage is worth retrying, so callers answer
 * 503 {@link ErrorCode#DEPENDENCY_UNAVAILABLE}; anything else stays a 500 (or a 4xx when the input was bad).
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    /** The SQLStates, outside class 08 (connection exception), that mean "the server is not serving now". */
    private static final Set<String> OUTAGE_STATES = Set.of(
            "57P01", // admin_shutdown: "terminating connection due to administrator command" (restart, pg_terminate_backend)
            "57P02", // crash_shutdown: another backend crashed, the server is resetting
            "57P03", // cannot_connect_now: "the database system is starting up" / "is shutting down"
            "53300"); // too_many_connections

    /** True when {@code t}, or anything it was caused by (causes, suppressed, chained SQLExceptions), is an outage. */
    public static boolean is(Throwable t) {
        return Causes.any(t, c -> c instanceof SQLTransientConnectionException
                || c instanceof SQLNonTransientConnectionException
                || c instanceof org.hibernate.exception.JDBCConnectionException
                || isAcquisitionFailure(c)
                || (c instanceof SQLException s && (isOutageState(s.getSQLState()) || isPoolTimeout(s))));
    }

    /**
     * Wraps a failure of {@code DataSource.getConnection()} so that {@link #is} knows it for an outage whatever the
     * driver said: no statement ran, so nothing the caller sent can be its cause. (The pool interrupts a connect
     * that outlived a waiter's acquisition timeout, and the driver reports that with no SQLState.)
     */
    public static SQLException acquisitionFailed(SQLException cause) {
        return new SQLTransientConnectionException("no database connection: " + cause.getMessage(), "08001", cause);
    }

    // Hibernate's own wording when the pool handed out no connection (LogicalConnectionManagedImpl.acquire).
    private static boolean isAcquisitionFailure(Throwable c) {
        return c instanceof org.hibernate.exception.GenericJDBCException g && g.getMessage() != null
                && g.getMessage().startsWith("Unable to acquire JDBC Connection");
    }

    /** Class 08 (connection exception) or one of {@link #OUTAGE_STATES}. */
    public static boolean isOutageState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || OUTAGE_STATES.contains(sqlState));
    }

    // Agroal gives no SQLState when no connection could be had in time: the server hangs or every connection is
    // busy. Either way the client may retry.
    private static boolean isPoolTimeout(SQLException s) {
        return s.getSQLState() == null && s.getMessage() != null && s.getMessage().startsWith("Acquisition timeout");
    }
}

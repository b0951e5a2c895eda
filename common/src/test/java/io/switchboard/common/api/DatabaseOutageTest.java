package io.switchboard.common.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.junit.jupiter.api.Test;

/** The outage predicate against the exceptions the PostgreSQL driver and Hibernate really throw. */
class DatabaseOutageTest {
    /** What pgjdbc builds from a server's ErrorResponse. */
    static PSQLException server(String severity, String state, String message) {
        return new PSQLException(new ServerErrorMessage("S" + severity + "\0V" + severity + "\0C" + state + "\0M" + message + "\0"));
    }

    /** How it reaches a resource: Hibernate's wrapper inside a PersistenceException. */
    static RuntimeException wrapped(SQLException e) {
        return new PersistenceException("query failed", new GenericJDBCException("could not execute statement", e));
    }

    @Test
    void restartAndOverloadStatesAreOutages() {
        assertTrue(DatabaseOutage.is(wrapped(server("FATAL", "57P01", "terminating connection due to administrator command"))));
        assertTrue(DatabaseOutage.is(wrapped(server("FATAL", "57P02", "terminating connection because of crash of another server process"))));
        assertTrue(DatabaseOutage.is(wrapped(server("FATAL", "57P03", "the database system is starting up"))));
        assertTrue(DatabaseOutage.is(wrapped(server("FATAL", "53300", "sorry, too many clients already"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("Connection to localhost:5432 refused", "08001"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("An I/O error occurred while sending to the backend", "08006"))));
        assertTrue(DatabaseOutage.is(new SQLException("This connection has been closed.", "08003")));
        assertTrue(DatabaseOutage.is(new SQLException("Acquisition timeout while waiting for new connection",
                new java.util.concurrent.TimeoutException())));
    }

    /** The pool interrupts a connect that outlived a waiter's timeout; pgjdbc then reports no SQLState. */
    @Test
    void anyFailureToGetAConnectionIsAnOutage() {
        SQLException interrupted = new PSQLException("Something unusual has occurred to cause the driver to fail.",
                org.postgresql.util.PSQLState.UNEXPECTED_ERROR, new RuntimeException("Interrupted while attempting to connect."));
        assertTrue(DatabaseOutage.is(new PersistenceException("query failed",
                new GenericJDBCException("Unable to acquire JDBC Connection [Something unusual]", interrupted))));
        assertTrue(DatabaseOutage.is(new IllegalStateException("store", DatabaseOutage.acquisitionFailed(interrupted))));
        assertFalse(DatabaseOutage.is(wrapped(interrupted)), "the same error from a statement is not one");
    }

    @Test
    void foundAsSuppressedOrChainedToo() {
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(wrapped(server("FATAL", "57P01", "terminating connection due to administrator command")));
        assertTrue(DatabaseOutage.is(commit));
        SQLException batch = new SQLException("Batch entry 0 was aborted", "40000");
        batch.setNextException(server("FATAL", "57P03", "the database system is shutting down"));
        assertTrue(DatabaseOutage.is(wrapped(batch)));
    }

    @Test
    void statementFailuresAreNotOutages() {
        assertFalse(DatabaseOutage.is(wrapped(server("ERROR", "23505", "duplicate key value violates unique constraint"))));
        assertFalse(DatabaseOutage.is(wrapped(server("ERROR", "22021", "invalid byte sequence for encoding \"UTF8\": 0x00"))));
        assertFalse(DatabaseOutage.is(wrapped(server("ERROR", "42P01", "relation \"nope\" does not exist"))));
        assertFalse(DatabaseOutage.is(wrapped(server("ERROR", "57014", "canceling statement due to statement timeout"))));
        assertFalse(DatabaseOutage.is(wrapped(new SQLException("no state"))));
        assertFalse(DatabaseOutage.is(new IllegalStateException("not a database failure")));
        assertFalse(DatabaseOutage.is(null));
    }

    @Test
    void unstorableTextIsRecognised() {
        assertTrue(UnstorableText.is(wrapped(server("ERROR", "22021", "invalid byte sequence for encoding \"UTF8\": 0x00"))));
        assertTrue(UnstorableText.is(wrapped(server("ERROR", "22P05", "unsupported Unicode escape sequence"))));
        assertFalse(UnstorableText.is(wrapped(server("ERROR", "23505", "duplicate key value"))));
    }
}

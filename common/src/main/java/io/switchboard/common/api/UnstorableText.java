package io.switchboard.common.api;

import java.sql.SQLException;

/**
 * PostgreSQL refusing a value it cannot store: NUL in a text parameter (SQLState 22021, "invalid byte sequence
 * for encoding UTF8: 0x00") or a {@code \u0000} escape in jsonb (22P05, "unsupported Unicode escape sequence").
 * The doors refuse such input earlier; this is the safety net that keeps a missed case a 400 instead of a 500.
 */
public final class UnstorableText {
    private UnstorableText() {}

    public static boolean is(Throwable t) {
        return Causes.any(t, c -> c instanceof SQLException s
                && ("22021".equals(s.getSQLState()) || "22P05".equals(s.getSQLState())));
    }
}

package io.switchboard.common.api;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/** Searching a failure for a root cause, through causes, suppressed exceptions and chained SQLExceptions. */
final class Causes {
    private Causes() {}

    // A commit failure can carry the driver's exception as a suppressed one (Narayana's deferred throwables).
    static boolean any(Throwable t, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (test.test(c)) {
                return true;
            }
            if (c.getCause() != null) {
                todo.add(c.getCause());
            }
            Collections.addAll(todo, c.getSuppressed());
            if (c instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
        }
        return false;
    }
}

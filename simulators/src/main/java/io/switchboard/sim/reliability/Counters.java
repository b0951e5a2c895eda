package io.switchboard.sim.reliability;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the simulated devices and the merchant saw from the platform during one scenario. */
final class Counters {
    final AtomicLong answers = new AtomicLong();
    final AtomicLong fiveHundreds = new AtomicLong(); // exactly 500
    final AtomicLong serverErrors = new AtomicLong(); // any 5xx
    final AtomicLong refusals = new AtomicLong(); // 4xx or a 2xx without success
    final AtomicLong unreachable = new AtomicLong(); // connection refused, reset or timed out
    final AtomicReference<String> firstRefusal = new AtomicReference<>();

    void reset() {
        answers.set(0);
        fiveHundreds.set(0);
        serverErrors.set(0);
        refusals.set(0);
        unreachable.set(0);
        firstRefusal.set(null);
    }

    void answer(int status) {
        answers.incrementAndGet();
        if (status >= 500) {
            serverErrors.incrementAndGet();
            if (status == 500) {
                fiveHundreds.incrementAndGet();
            }
        }
    }

    void refused(String what) {
        refusals.incrementAndGet();
        firstRefusal.compareAndSet(null, what.length() > 300 ? what.substring(0, 300) : what);
    }

    void unreachable() {
        unreachable.incrementAndGet();
    }
}

package io.switchboard.sim.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Every frame or request a simulator received, queryable and waitable from any thread. */
final class Journal {

    /** Keeps a long-running simulator (bin/demo, benchmarks) from growing without bound. */
    private static final int LIMIT = 10_000;

    private final Deque<Received> items = new ArrayDeque<>();
    private long seq;

    synchronized long nextSeq() {
        return ++seq;
    }

    synchronized void add(Received r) {
        items.addLast(r);
        if (items.size() > LIMIT) {
            items.removeFirst();
        }
        notifyAll();
    }

    synchronized List<Received> all() {
        return new ArrayList<>(items);
    }

    synchronized List<Received> matching(Predicate<Received> match) {
        return items.stream().filter(match).toList();
    }

    synchronized void clear() {
        items.clear();
    }

    /**
     * Waits until at least {@code count} recorded frames match (frames received before the call count too) and
     * returns the first {@code count} of them.
     */
    synchronized List<Received> await(Predicate<Received> match, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> found = items.stream().filter(match).limit(count).toList();
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                List<Received> tail = new ArrayList<>(items);
                throw new SimulatorTimeoutException("waited " + timeout.toMillis() + " ms for " + count + " × " + what
                        + ", saw " + found.size() + "; last received: "
                        + tail.subList(Math.max(0, tail.size() - 5), tail.size()));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SimulatorTimeoutException("interrupted while waiting for " + what);
            }
        }
    }
}

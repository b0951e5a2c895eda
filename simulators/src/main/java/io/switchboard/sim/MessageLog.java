package io.switchboard.sim;

import io.switchboard.sim.engine.SimulatorTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The messages a simulator sent, in order, queryable and waitable from any thread. */
public final class MessageLog {

    /** Keeps a long-running simulator (bin/demo, benchmarks) from growing without bound. */
    private static final int LIMIT = 10_000;

    private final Deque<SentMessage> items = new ArrayDeque<>();
    private long seq;

    /** Records a message sent now and returns it. */
    public synchronized SentMessage add(String command, String targetId, boolean group, String type, String content,
                                        String messageId, String serialNo) {
        SentMessage m = new SentMessage(++seq, Instant.now(), command, targetId, group, type, content, messageId,
                serialNo);
        items.addLast(m);
        if (items.size() > LIMIT) {
            items.removeFirst();
        }
        notifyAll();
        return m;
    }

    public synchronized List<SentMessage> all() {
        return new ArrayList<>(items);
    }

    public synchronized void clear() {
        items.clear();
    }

    /** Waits until at least {@code count} messages were sent (earlier ones count) and returns the first {@code count}. */
    public synchronized List<SentMessage> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (items.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SimulatorTimeoutException("waited " + timeout.toMillis() + " ms for " + count
                        + " sent message(s), saw " + items.size() + ": " + items);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SimulatorTimeoutException("interrupted while waiting for sent messages");
            }
        }
        return items.stream().limit(count).toList();
    }
}

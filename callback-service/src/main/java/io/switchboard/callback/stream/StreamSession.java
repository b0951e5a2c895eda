package io.switchboard.callback.stream;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.callback.stream.StreamLog.Entry;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One open stream connection. Frames come only from the database, read after the connection's cursor, so
 * catching up after {@code since} and following live events are the same loop: a wake-up (a local commit, a
 * Redis message, the poll) just runs it again, and nothing is skipped or sent twice. At most {@code buffer}
 * frames are handed to the socket and not yet written out; past that the loop stops reading (back-pressure),
 * and {@link StreamHub} closes a connection that stays full for the stall timeout with {@link #SLOW_CONSUMER}.
 */
final class StreamSession {
    private static final Logger LOG = Logger.getLogger(StreamSession.class);
    /** Close code: the client did not read fast enough; it reconnects with since=&lt;last cursor received&gt;. */
    static final int SLOW_CONSUMER = 4008;

    final WebSocketConnection connection;
    final String merchantId;
    final String slot;
    private final StreamLog log;
    private final Executor executor;
    private final int buffer;
    private final int pageSize;

    /** The last entry handed to the socket; only the draining thread touches it (see {@link #wake()}). */
    private volatile long cursor;
    private final AtomicInteger pending = new AtomicInteger();
    /** Wake-ups not yet served; whoever raises it from 0 starts the one draining task. */
    private final AtomicInteger wakeups = new AtomicInteger();
    /** System.nanoTime() of the last frame handed over or written out: how long a full buffer has not moved. */
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean closing;
    volatile long refreshedAt = System.nanoTime();

    StreamSession(WebSocketConnection connection, String merchantId, String slot, long cursor, StreamLog log,
                  Executor executor, int buffer, int pageSize) {
        this.connection = connection;
        this.merchantId = merchantId;
        this.slot = slot;
        this.cursor = cursor;
        this.log = log;
        this.executor = executor;
        this.buffer = buffer;
        this.pageSize = pageSize;
    }

    /** Asks for a read after the cursor; concurrent calls collapse into one task, which runs again if asked meanwhile. */
    void wake() {
        if (!closing && wakeups.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int seen;
        do {
            seen = wakeups.get();
            try {
                pump();
            } catch (RuntimeException e) {
                // The database is away, say: the poll wakes the connection again.
                LOG.warnf("stream of merchant %s (connection %s) paused: %s", merchantId, connection.id(), e.toString());
            }
        } while (wakeups.addAndGet(-seen) != 0);
    }

    private void pump() {
        while (!closing && connection.isOpen()) {
            int room = buffer - pending.get();
            if (room <= 0) {
                return; // a completed write wakes us
            }
            int want = Math.min(room, pageSize);
            List<Entry> entries = log.after(merchantId, cursor, want);
            for (Entry e : entries) {
                cursor = e.seq();
                pending.incrementAndGet();
                lastProgress = System.nanoTime();
                connection.sendText(frame(e)).subscribe().with(v -> written(), this::failed);
            }
            if (entries.size() < want) {
                return; // caught up
            }
        }
    }

    private void written() {
        lastProgress = System.nanoTime();
        if (pending.decrementAndGet() == buffer - 1) {
            wake(); // the buffer was full: read on
        }
    }

    private void failed(Throwable t) {
        pending.decrementAndGet();
        LOG.debugf("stream frame to connection %s not written: %s", connection.id(), t.toString());
    }

    /** True when the buffer has been full, with nothing written out, for longer than {@code stallNanos}. */
    boolean stalled(long stallNanos) {
        return !closing && pending.get() >= buffer && System.nanoTime() - lastProgress > stallNanos;
    }

    void closeSlow() {
        closing = true;
        long last = cursor; // racy read is fine: informational only
        LOG.infof("stream connection %s of merchant %s closed as a slow consumer (%d frames unwritten)",
                connection.id(), merchantId, pending.get());
        connection.close(new CloseReason(SLOW_CONSUMER, "slow consumer: resume with since=<last cursor received>"
                + " (last sent " + last + ")")).subscribe().with(v -> { }, t -> { });
    }

    void stop() {
        closing = true;
    }

    /** The webhook body with {@code id} and {@code cursor} in front: {@code {"id":…,"cursor":"<seq>",<body members>}}. */
    static String frame(Entry e) {
        // The body is a JSON object built by WebhookBody, never empty: splice rather than parse and re-render.
        return "{\"id\":\"" + e.eventId() + "\",\"cursor\":\"" + e.seq() + "\"," + e.body().substring(1);
    }
}

package io.switchboard.callback.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.common.event.RedisSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * This replica's open stream connections, and what wakes them: a commit here ({@link StreamLog.Appended}), a
 * Redis message from the replica that committed ({@link #CHANNEL}), and a poll every {@code poll-interval} in
 * case a message was lost. A wake-up only makes a connection read the database after its cursor, so a spurious
 * or doubled one costs a query, never a duplicate frame. Meters: {@code switchboard_stream_connections} (open
 * here) and {@code switchboard_stream_slow_consumers_total} (closed with 4008).
 */
@ApplicationScoped
public class StreamHub {
    private static final Logger LOG = Logger.getLogger(StreamHub.class);
    /** Pub/sub channel; the message is the merchant id whose stream grew. */
    static final String CHANNEL = "sb:stream:appended";

    @Inject
    StreamLog log;
    @Inject
    ConnectionSlots slots;
    @Inject
    CallbackConfig config;
    @Inject
    RedisDataSource redis;
    @Inject
    MeterRegistry registry;

    private final Map<String, StreamSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byMerchant = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sb-stream");
        t.setDaemon(true);
        return t;
    });
    private volatile RedisSubscription wakeups;

    void start(@Observes StartupEvent ev) {
        Gauge.builder("switchboard.stream.connections", byConnection, Map::size)
                .description("Open live-stream connections on this replica").register(registry);
        wakeups = new RedisSubscription(redis, CHANNEL, this::wake);
        wakeups.ensure();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (wakeups != null) {
            wakeups.close();
        }
        executor.shutdownNow();
    }

    /** Registers an accepted connection (the handshake left its merchant, cursor and slot) and starts it. */
    void opened(WebSocketConnection c) {
        String merchant = c.userData().get(StreamHandshake.MERCHANT);
        Long cursor = c.userData().get(StreamHandshake.CURSOR);
        String slot = c.userData().get(StreamHandshake.SLOT);
        if (merchant == null || cursor == null || slot == null) {
            // Cannot happen: the upgrade check runs first. Refuse rather than stream to nobody in particular.
            c.close().subscribe().with(v -> { }, t -> { });
            return;
        }
        StreamSession s = new StreamSession(c, merchant, slot, cursor, log, executor, config.stream().buffer(),
                config.stream().pageSize());
        byConnection.put(c.id(), s);
        byMerchant.computeIfAbsent(merchant, m -> ConcurrentHashMap.newKeySet()).add(s);
        s.wake();
    }

    void closed(WebSocketConnection c) {
        StreamSession s = byConnection.remove(c.id());
        if (s == null) {
            return;
        }
        s.stop();
        byMerchant.computeIfPresent(s.merchantId, (m, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
        executor.execute(() -> slots.release(s.merchantId, s.slot));
    }

    /** Wakes this replica's connections of one merchant. */
    void wake(String merchantId) {
        Set<StreamSession> set = merchantId == null ? null : byMerchant.get(merchantId);
        if (set != null) {
            set.forEach(StreamSession::wake);
        }
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) StreamLog.Appended a) {
        wake(a.merchantId());
        executor.execute(() -> {
            try {
                redis.pubsub(String.class).publish(CHANNEL, a.merchantId());
            } catch (RuntimeException e) {
                LOG.debugf("stream wake-up not published (the other replicas' poll stands in): %s", e.toString());
            }
        });
    }

    @Scheduled(every = "${switchboard.callback.stream.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (wakeups != null) {
            wakeups.ensure(); // renews a subscription Redis dropped; meanwhile this poll stands in
        }
        byConnection.values().forEach(StreamSession::wake);
    }

    /** Closes stalled connections and keeps the slots of the others. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        long stall = config.stream().stallTimeout().toNanos();
        long refresh = config.stream().slotTtl().toNanos() / 3;
        for (StreamSession s : byConnection.values()) {
            if (s.stalled(stall)) {
                registry.counter("switchboard.stream.slow.consumers").increment();
                s.closeSlow();
            } else if (System.nanoTime() - s.refreshedAt > refresh) {
                s.refreshedAt = System.nanoTime();
                slots.refresh(s.merchantId, s.slot);
            }
        }
    }

    /** Open connections on this replica. */
    int openConnections() {
        return byConnection.size();
    }
}

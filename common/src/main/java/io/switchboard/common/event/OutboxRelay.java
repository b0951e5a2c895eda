package io.switchboard.common.event;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to their Redis streams, oldest first. One relay per schema runs at a time
 * (a transaction-scoped advisory lock), which keeps stream order equal to commit order across replicas.
 * A crash between XADD and marking the row published re-sends it: consumers deduplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sb-outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wakeupQueued = new AtomicBoolean();

    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten written) {
        if (config.outbox().relayEnabled() && wakeupQueued.compareAndSet(false, true)) {
            wakeups.submit(() -> {
                wakeupQueued.set(false);
                safeRelay();
            });
        }
    }

    @Scheduled(every = "${switchboard.outbox.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.outbox().relayEnabled()) {
            safeRelay();
        }
    }

    private void safeRelay() {
        try {
            relayAll();
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay failed, will retry: %s", e.toString());
        }
    }

    /** Relays until nothing is left; returns how many rows were sent. */
    public int relayAll() {
        int total = 0;
        int n;
        do {
            n = relayOnce();
            total += n;
        } while (n == config.outbox().batchSize());
        return total;
    }

    /** One batch in its own transaction; 0 when another replica holds the relay lock. */
    @SuppressWarnings("unchecked")
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object locked = em.createNativeQuery(
                    "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_relay'))").getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Object[]> rows = em.createNativeQuery(
                            "select seq, event_id, stream, payload from outbox_event where published_at is null "
                                    + "order by seq limit ?1")
                    .setParameter(1, config.outbox().batchSize())
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            StreamCommands<String, String, String> streams = redis.stream(String.class);
            XAddArgs args = new XAddArgs().maxlen(config.outbox().streamMaxLength()).nearlyExactTrimming();
            List<Long> sent = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                streams.xadd((String) row[2], args, Map.of(Streams.FIELD_ID, row[1].toString(),
                        Streams.FIELD_EVENT, (String) row[3]));
                sent.add(((Number) row[0]).longValue());
            }
            em.createNativeQuery("update outbox_event set published_at = now() where seq in (?1)")
                    .setParameter(1, sent)
                    .executeUpdate();
            return rows.size();
        });
    }

    /**
     * Redis keeps nothing on disk here. A marker key per service tells a Redis that lost its data (the marker is
     * gone: every stream is suspect) from one that lost a single stream; rows published within the republish
     * window are then marked unpublished and sent again. Consumers deduplicate, so re-sending is safe. A flush
     * while consumers run is covered too: the streams they recreate at once do not hide it, the missing marker does
     * not lie.
     */
    @Scheduled(every = "${switchboard.outbox.lost-stream-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkLostStreams() {
        if (config.outbox().relayEnabled()) {
            try {
                republishLostStreams();
            } catch (RuntimeException e) {
                LOG.warnf("lost-stream check failed: %s", e.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    public int republishLostStreams() {
        long windowSeconds = config.outbox().republishWindow().toSeconds();
        String marker = "sb:outbox-marker:" + applicationName;
        // Test-and-set in one command, at the start: a flush at any later moment deletes the marker, and the next
        // check sees it. (Reading it here and writing it at the end let a check that straddled a flush write the
        // marker back after the flush and hide the loss.)
        boolean redisLostData = redis.value(String.class).setnx(marker, Long.toString(System.currentTimeMillis()));
        try {
            return republish(redisLostData, windowSeconds);
        } catch (RuntimeException e) {
            if (redisLostData) {
                redis.key(String.class).del(marker); // not handled yet: the next check tries again
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private int republish(boolean redisLostData, long windowSeconds) {
        List<String> recent = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select distinct stream from outbox_event where published_at > now() - make_interval(secs => ?1)")
                .setParameter(1, windowSeconds)
                .getResultList());
        int total = 0;
        for (String stream : recent) {
            if (!redisLostData && redis.key(String.class).exists(stream)) {
                continue;
            }
            int n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "update outbox_event set published_at = null where stream = ?1 "
                                    + "and published_at > now() - make_interval(secs => ?2)")
                    .setParameter(1, stream)
                    .setParameter(2, windowSeconds)
                    .executeUpdate());
            LOG.warnf("%s: %d recent events of %s will be published again", redisLostData
                    ? "Redis lost its data (marker missing)" : "stream missing from Redis", n, stream);
            total += n;
        }
        if (total > 0) {
            relayAll();
        }
        return total;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from outbox_event where published_at < now() - make_interval(secs => ?1)")
                    .setParameter(1, config.outbox().retention().toSeconds())
                    .executeUpdate();
            em.createNativeQuery("delete from processed_event where processed_at < now() - make_interval(secs => ?1)")
                    .setParameter(1, config.streams().dedupRetention().toSeconds())
                    .executeUpdate();
        });
    }

    void shutdown(@Observes ShutdownEvent ev) {
        wakeups.shutdownNow();
    }
}

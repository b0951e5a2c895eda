package io.switchboard.common.event;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The {@code dead_letter} table of this service's schema: stream entries its consumers set aside. In PostgreSQL,
 * not in a Redis stream, so a Redis that loses its data keeps none of them from an operator. A replay puts the
 * original event (same id) back on its stream; consumers deduplicate by event id, so an event some consumer did
 * process after all still takes effect once.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;

    public record DeadLetter(long id, String stream, String group, String entryId, String eventId, String eventType,
                             String reason, String event, Instant createdAt, Instant replayedAt) {}

    public record Replayed(long deadLetterId, String stream, String newEntryId) {}

    /** Records an entry set aside, in a transaction of its own; a second call for the same entry adds nothing. */
    public void record(String group, String stream, String entryId, EventEnvelope event, String reason, String raw) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into dead_letter (stream, consumer_group, entry_id, event_id, event_type, reason, payload)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict do nothing""")
                .setParameter(1, stream).setParameter(2, group).setParameter(3, entryId)
                .setParameter(4, event == null ? null : UUID.fromString(event.id()))
                .setParameter(5, event == null ? null : event.type())
                .setParameter(6, reason).setParameter(7, raw)
                .executeUpdate());
    }

    /** Newest first; only those not replayed yet unless {@code withReplayed}; optionally of one stream. */
    @SuppressWarnings("unchecked")
    public List<DeadLetter> list(String stream, boolean withReplayed, int limit) {
        String where = (withReplayed ? "true" : "replayed_at is null") + (stream == null ? "" : " and stream = ?2");
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery("select " + COLUMNS + " from dead_letter where " + where
                    + " order by id desc limit ?1").setParameter(1, limit);
            if (stream != null) {
                q.setParameter(2, stream);
            }
            return ((List<Object[]>) q.getResultList()).stream().map(DeadLetters::row).toList();
        });
    }

    /**
     * Puts one dead letter's event back on its stream and marks it replayed; empty when there is no such dead letter
     * or it was replayed already. The row is locked meanwhile, so two admins cannot replay it twice.
     */
    public Optional<Replayed> replay(long id) {
        return QuarkusTransaction.requiringNew().call(() -> lockOpen("id = ?2", id, 1).stream().findFirst()
                .map(this::replayLocked));
    }

    /** Replays the oldest open dead letters that carry an event (of one stream, if given); at most {@code limit}. */
    public List<Replayed> replayAll(String stream, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Replayed> out = new ArrayList<>();
            for (DeadLetter d : lockOpen("event_id is not null" + (stream == null ? "" : " and stream = ?2"), stream,
                    limit)) {
                out.add(replayLocked(d));
            }
            return out;
        });
    }

    private Replayed replayLocked(DeadLetter d) {
        if (d.event() == null || d.eventId() == null) {
            throw new ApiException(ErrorCode.CONFLICT, "dead letter " + d.id() + " has no event to replay");
        }
        // XADD before the mark commits: a failed commit re-sends the event on the next replay, which consumers
        // deduplicate; the other order could mark an event replayed that never reached its stream.
        String newId = redis.stream(String.class).xadd(d.stream(),
                Map.of(Streams.FIELD_ID, d.eventId(), Streams.FIELD_EVENT, d.event()));
        em.createNativeQuery("update dead_letter set replayed_at = now() where id = ?1").setParameter(1, d.id())
                .executeUpdate();
        LOG.infof("dead letter %d (event %s) put back on %s as %s", d.id(), d.eventId(), d.stream(), newId);
        return new Replayed(d.id(), d.stream(), newId);
    }

    @SuppressWarnings("unchecked")
    private List<DeadLetter> lockOpen(String where, Object param, int limit) {
        var q = em.createNativeQuery("select " + COLUMNS + " from dead_letter where replayed_at is null and " + where
                + " order by id limit ?1 for update").setParameter(1, limit);
        if (param != null) {
            q.setParameter(2, param);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(DeadLetters::row).toList();
    }

    /** Replayed dead letters are kept as long as processed event ids are, then purged. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "delete from dead_letter where replayed_at < now() - make_interval(secs => ?1)")
                    .setParameter(1, config.streams().dedupRetention().toSeconds()).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("purging replayed dead letters failed, will retry: %s", e.toString());
        }
    }

    private static final String COLUMNS = "id, stream, consumer_group, entry_id, cast(event_id as varchar), event_type, "
            + "reason, payload, created_at, replayed_at";

    private static DeadLetter row(Object[] r) {
        return new DeadLetter(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5], (String) r[6], (String) r[7], instant(r[8]), instant(r[9]));
    }

    private static Instant instant(Object o) {
        return switch (o) {
            case null -> null;
            case Instant i -> i;
            case java.time.OffsetDateTime t -> t.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + o.getClass());
        };
    }
}

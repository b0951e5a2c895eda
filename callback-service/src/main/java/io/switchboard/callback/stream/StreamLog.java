package io.switchboard.callback.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.webhook.WebhookBody;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.MerchantNotification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stream's persisted order (table {@code stream_entry}, migration V5): every merchant notification gets the
 * merchant's next number in the consumer's transaction. The number comes from the merchant's counter row, whose
 * lock is held until that transaction commits, so a merchant's entries become visible in number order: a reader
 * at "seq &gt; cursor" never skips an entry that commits later. That number is the cursor, the same on every
 * replica and after any restart.
 */
@ApplicationScoped
public class StreamLog {
    /** One stored entry: the merchant's number, the event id and the webhook body. */
    public record Entry(long seq, UUID eventId, String body) {}

    /** Fired in the transaction that appended; observers act after it commits. */
    public record Appended(String merchantId) {}

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    Event<Appended> appended;

    /**
     * Appends the event once (a redelivered event keeps its first number). Must run in the caller's
     * transaction: the counter row stays locked until it commits, so call it last in that transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventEnvelope event, MerchantNotification notification) {
        UUID id = UUID.fromString(event.id());
        if (!em.createNativeQuery("select 1 from stream_entry where event_id = ?1").setParameter(1, id)
                .getResultList().isEmpty()) {
            return;
        }
        long seq = ((Number) em.createNativeQuery("insert into stream_counter (merchant_id, last_seq) values (?1, 1) "
                        + "on conflict (merchant_id) do update set last_seq = stream_counter.last_seq + 1 "
                        + "returning last_seq")
                .setParameter(1, event.merchantId())
                .getSingleResult()).longValue();
        em.createNativeQuery("insert into stream_entry (merchant_id, seq, event_id, body) values (?1, ?2, ?3, ?4)")
                .setParameter(1, event.merchantId())
                .setParameter(2, seq)
                .setParameter(3, id)
                .setParameter(4, WebhookBody.build(json, event, notification))
                .executeUpdate();
        appended.fire(new Appended(event.merchantId()));
    }

    /** Up to {@code limit} entries after {@code cursor}, in order. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Entry> after(String merchantId, long cursor, int limit) {
        List<Object[]> rows = em.createNativeQuery("select seq, event_id, body from stream_entry "
                        + "where merchant_id = ?1 and seq > ?2 order by seq limit ?3")
                .setParameter(1, merchantId)
                .setParameter(2, cursor)
                .setParameter(3, limit)
                .getResultList();
        List<Entry> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Entry(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2]));
        }
        return out;
    }

    /** The merchant's last committed number (0 when it has none): where a stream without {@code since} starts. */
    @Transactional
    public long head(String merchantId) {
        List<?> r = em.createNativeQuery("select last_seq from stream_counter where merchant_id = ?1")
                .setParameter(1, merchantId).getResultList();
        return r.isEmpty() ? 0 : ((Number) r.get(0)).longValue();
    }

    /** The merchant's oldest kept number, or 0 when it has none (numbers are dense: only retention leaves a hole). */
    @Transactional
    public long oldest(String merchantId) {
        List<?> r = em.createNativeQuery("select min(seq) from stream_entry where merchant_id = ?1")
                .setParameter(1, merchantId).getResultList();
        return r.isEmpty() || r.get(0) == null ? 0 : ((Number) r.get(0)).longValue();
    }

    /** Deletes up to {@code batch} entries created before {@code cutoff}, oldest first; how many it deleted. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeBatch(java.time.Instant cutoff, int batch) {
        return em.createNativeQuery("delete from stream_entry where ctid in (select ctid from stream_entry"
                        + " where created_at < ?1 order by created_at limit ?2 for update skip locked)")
                .setParameter(1, java.sql.Timestamp.from(cutoff))
                .setParameter(2, batch)
                .executeUpdate();
    }
}

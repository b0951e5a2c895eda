package io.switchboard.callback.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL of the webhook tables. State changes are plain SQL guarded by the expected status, so two replicas (or a
 * dispatcher and an admin) never both move the same row; each public method is its own transaction unless the
 * caller already has one.
 */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, Long> {

    /** A row a dispatcher claimed: everything needed to send it without going back to the database. */
    public record Claimed(long id, UUID eventId, String merchantId, String body, int scheduleStep, int attempts) {}

    /** What one HTTP attempt came to. {@code statusCode} is null when no response came back. */
    public record AttemptRecord(Instant startedAt, long durationMs, Integer statusCode, String error,
                                boolean success) {}

    /** Inserts the delivery unless one exists for the event; true when inserted. */
    @Transactional
    public boolean insertIfAbsent(UUID eventId, String merchantId, int nType, String body, Duration firstDelay) {
        return em().createNativeQuery("insert into webhook_delivery (event_id, merchant_id, n_type, body, status, "
                        + "next_attempt_at) values (?1, ?2, ?3, ?4, 'PENDING', now() + make_interval(secs => ?5)) "
                        + "on conflict (event_id) do nothing")
                .setParameter(1, eventId)
                .setParameter(2, merchantId)
                .setParameter(3, nType)
                .setParameter(4, body)
                .setParameter(5, seconds(firstDelay))
                .executeUpdate() == 1;
    }

    /**
     * Claims up to {@code limit} due rows: PENDING ones whose time has come, and DELIVERING ones whose lease ran
     * out (their replica died mid-send). The lease is written into next_attempt_at. SKIP LOCKED lets replicas
     * claim side by side without waiting for each other.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(int limit, Duration lease) {
        // A materialized CTE: as "id in (subquery)" the planner may rescan the LIMIT subquery per row and take more.
        List<Object[]> rows = em().createNativeQuery("with picked as materialized (select id from webhook_delivery "
                        + "where status in ('PENDING', 'DELIVERING') and next_attempt_at <= now() "
                        + "order by next_attempt_at limit ?2 for update skip locked) "
                        + "update webhook_delivery d set status = 'DELIVERING', "
                        + "next_attempt_at = now() + make_interval(secs => ?1) from picked where d.id = picked.id "
                        + "returning d.id, d.event_id, d.merchant_id, d.body, d.schedule_step, d.attempts")
                .setParameter(1, seconds(lease))
                .setParameter(2, limit)
                .getResultList();
        List<Claimed> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Claimed(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2], (String) r[3],
                    ((Number) r[4]).intValue(), ((Number) r[5]).intValue()));
        }
        return out;
    }

    /**
     * Persists an attempt and moves the delivery on: SUCCEEDED, PENDING again after {@code retryIn}, or DEAD
     * ({@code next} decides; {@code parked}: dead because the endpoint answered 410). False when the claim was lost
     * (another replica took the row over).
     */
    @Transactional
    public boolean recordAttempt(long deliveryId, AttemptRecord a, DeliveryStatus next, Duration retryIn,
                                 boolean parked) {
        List<?> updated = em().createNativeQuery("update webhook_delivery set status = ?2, attempts = attempts + 1, "
                        + "schedule_step = schedule_step + 1, "
                        + "next_attempt_at = case when ?2 = 'PENDING' then now() + make_interval(secs => ?3) "
                        + "else next_attempt_at end, "
                        + "last_status_code = cast(?4 as integer), last_error = cast(?5 as text), "
                        + "delivered_at = case when ?2 = 'SUCCEEDED' then now() else delivered_at end, "
                        + "dead_at = case when ?2 = 'DEAD' then now() else dead_at end, parked = ?6 "
                        + "where id = ?1 and status = 'DELIVERING' returning attempts")
                .setParameter(1, deliveryId)
                .setParameter(2, next.name())
                .setParameter(3, retryIn == null ? 0.0 : seconds(retryIn))
                .setParameter(4, a.statusCode())
                .setParameter(5, a.error())
                .setParameter(6, parked)
                .getResultList();
        if (updated.isEmpty()) {
            return false;
        }
        em().createNativeQuery("insert into webhook_attempt (delivery_id, attempt_no, started_at, duration_ms, "
                        + "status_code, error, success) values (?1, ?2, ?3, ?4, cast(?5 as integer), cast(?6 as text), ?7)")
                .setParameter(1, deliveryId)
                .setParameter(2, ((Number) updated.get(0)).intValue())
                .setParameter(3, a.startedAt())
                .setParameter(4, a.durationMs())
                .setParameter(5, a.statusCode())
                .setParameter(6, a.error())
                .setParameter(7, a.success())
                .executeUpdate();
        return true;
    }

    /** Gives a claimed row back without counting an attempt (the problem was ours, not the merchant's). */
    @Transactional
    public boolean postpone(long deliveryId, Duration delay, String reason) {
        return em().createNativeQuery("update webhook_delivery set status = 'PENDING', "
                        + "next_attempt_at = now() + make_interval(secs => ?2), last_error = cast(?3 as text) "
                        + "where id = ?1 and status = 'DELIVERING'")
                .setParameter(1, deliveryId)
                .setParameter(2, seconds(delay))
                .setParameter(3, reason)
                .executeUpdate() == 1;
    }

    /** Dead letter without an HTTP attempt (nowhere to deliver to; {@code parked}: the endpoint is disabled). */
    @Transactional
    public boolean markDead(long deliveryId, String reason, boolean parked) {
        return em().createNativeQuery("update webhook_delivery set status = 'DEAD', last_error = ?2, dead_at = now(), "
                        + "parked = ?3 where id = ?1 and status = 'DELIVERING'")
                .setParameter(1, deliveryId)
                .setParameter(2, reason)
                .setParameter(3, parked)
                .executeUpdate() == 1;
    }

    /** Newest first, optionally narrowed to one merchant and/or one status. */
    @Transactional
    public List<WebhookDelivery> list(String merchantId, DeliveryStatus status, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (merchantId != null) {
            q.append(" and merchantId = :merchantId");
            params.put("merchantId", merchantId);
        }
        if (status != null) {
            q.append(" and status = :status");
            params.put("status", status);
        }
        return find(q.toString(), Sort.descending("createdAt").and("id", Sort.Direction.Descending), params)
                .page(0, limit).list();
    }

    @Transactional
    public List<WebhookAttempt> attemptsOf(long deliveryId) {
        return em().createQuery("from WebhookAttempt a where a.deliveryId = ?1 order by a.attemptNo",
                        WebhookAttempt.class)
                .setParameter(1, deliveryId)
                .getResultList();
    }

    /** A finished (DEAD or SUCCEEDED) delivery starts a new round of the schedule, due now. */
    @Transactional
    public boolean restart(long deliveryId) {
        return em().createNativeQuery("update webhook_delivery set status = 'PENDING', schedule_step = 0, "
                        + "parked = false, next_attempt_at = now() where id = ?1 and status in ('DEAD', 'SUCCEEDED')")
                .setParameter(1, deliveryId)
                .executeUpdate() == 1;
    }

    /** A PENDING delivery skips the rest of its wait. */
    @Transactional
    public boolean makeDueNow(long deliveryId) {
        return em().createNativeQuery("update webhook_delivery set next_attempt_at = now() "
                        + "where id = ?1 and status = 'PENDING'")
                .setParameter(1, deliveryId)
                .executeUpdate() == 1;
    }

    /** Restarts every DEAD delivery created in [from, to), optionally of one merchant; returns how many. */
    @Transactional
    public int restartDead(String merchantId, Instant from, Instant to) {
        return restartDead(merchantId, from, to, Integer.MAX_VALUE);
    }

    /** Restarts at most {@code limit} DEAD deliveries created in [from, to), oldest first; returns how many. */
    @Transactional
    public int restartDead(String merchantId, Instant from, Instant to, int limit) {
        return em().createNativeQuery("with picked as materialized (select id from webhook_delivery "
                        + "where status = 'DEAD' and created_at >= ?1 and created_at < ?2 "
                        + "and (cast(?3 as varchar) is null or merchant_id = cast(?3 as varchar)) "
                        + "order by created_at, id limit ?4 for update skip locked) "
                        + "update webhook_delivery d set status = 'PENDING', schedule_step = 0, parked = false, "
                        + "next_attempt_at = now() from picked where d.id = picked.id")
                .setParameter(1, from)
                .setParameter(2, to)
                .setParameter(3, merchantId)
                .setParameter(4, limit)
                .executeUpdate();
    }

    /** How many DEAD deliveries of the merchant were created in [from, to). */
    @Transactional
    public long countDead(String merchantId, Instant from, Instant to) {
        return count("merchantId = ?1 and status = ?2 and createdAt >= ?3 and createdAt < ?4", merchantId,
                DeliveryStatus.DEAD, from, to);
    }

    /** Queues again every delivery parked because the merchant's endpoint was disabled (410); returns how many. */
    @Transactional
    public int restartParked(String merchantId) {
        return em().createNativeQuery("update webhook_delivery set status = 'PENDING', schedule_step = 0, "
                        + "parked = false, next_attempt_at = now() where merchant_id = ?1 and status = 'DEAD' and parked")
                .setParameter(1, merchantId)
                .executeUpdate();
    }

    /**
     * One merchant's deliveries created in [from, to), newest first by id; {@code afterId} (exclusive) is the keyset
     * cursor of the next page. {@code status} and {@code nType} are optional filters.
     */
    @Transactional
    public List<WebhookDelivery> listOfMerchant(String merchantId, DeliveryStatus status, Integer nType, Instant from,
                                                Instant to, Long afterId, int limit) {
        StringBuilder q = new StringBuilder("merchantId = :m and createdAt >= :from and createdAt < :to");
        Map<String, Object> params = new HashMap<>(Map.of("m", merchantId, "from", from, "to", to));
        if (status != null) {
            q.append(" and status = :status");
            params.put("status", status);
        }
        if (nType != null) {
            q.append(" and nType = :nType");
            params.put("nType", nType);
        }
        if (afterId != null) {
            q.append(" and id < :after");
            params.put("after", afterId);
        }
        return find(q.toString(), Sort.descending("id"), params).page(0, limit).list();
    }

    /**
     * Deletes up to {@code batch} finished deliveries (their attempts go with them, on delete cascade): SUCCEEDED
     * ones delivered before {@code cutoff}, or DEAD ones dead since before it. SKIP LOCKED keeps two replicas purging
     * at once from waiting on each other. Returns how many rows went.
     */
    @Transactional
    public int purgeBatch(DeliveryStatus status, Instant cutoff, int batch) {
        String age = switch (status) {
            case SUCCEEDED -> "delivered_at";
            case DEAD -> "dead_at";
            default -> throw new IllegalArgumentException("only finished deliveries are purged, not " + status);
        };
        return em().createNativeQuery("with picked as materialized (select id from webhook_delivery "
                        + "where status = ?1 and " + age + " < ?2 order by " + age + " limit ?3 for update skip locked) "
                        + "delete from webhook_delivery d using picked where d.id = picked.id")
                .setParameter(1, status.name())
                .setParameter(2, cutoff)
                .setParameter(3, batch)
                .executeUpdate();
    }

    /** Reads the row fresh from the database (not from this transaction's persistence context). */
    @Transactional
    public WebhookDelivery load(long deliveryId) {
        WebhookDelivery d = findById(deliveryId);
        if (d != null) {
            em().refresh(d);
        }
        return d;
    }

    private EntityManager em() {
        return getEntityManager();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}

package io.switchboard.callback.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Merchant endpoints disabled by a {@code 410 Gone} (table {@code webhook_endpoint_disabled}, migration V4). The
 * webhook target itself lives in account-service; callback-service only remembers that the URL answered 410, so
 * the flag needs no change to account-service and is dropped as soon as the merchant's URL changes.
 */
@ApplicationScoped
public class WebhookEndpointRepository {
    /** A disabled endpoint; {@code parked} counts the deliveries waiting for it to be re-enabled. */
    @RegisterForReflection
    public record Disabled(String merchantId, String callbackUrl, Instant disabledAt, Long deliveryId, String reason,
                           long parked) {}

    @Inject
    EntityManager em;

    @Transactional
    public Optional<Disabled> find(String merchantId) {
        return rows("where e.merchant_id = ?1", merchantId).stream().findFirst();
    }

    @Transactional
    public List<Disabled> all() {
        return rows("", null);
    }

    /** Records the disable; false when the endpoint was already disabled (the first 410 wins). */
    @Transactional
    public boolean disable(String merchantId, String callbackUrl, long deliveryId, String reason) {
        return em.createNativeQuery("insert into webhook_endpoint_disabled (merchant_id, callback_url, delivery_id, "
                        + "reason) values (?1, ?2, ?3, ?4) on conflict (merchant_id) do nothing")
                .setParameter(1, merchantId)
                .setParameter(2, callbackUrl)
                .setParameter(3, deliveryId)
                .setParameter(4, reason)
                .executeUpdate() == 1;
    }

    /** Deletes the flag; false when the endpoint was not disabled. */
    @Transactional
    public boolean enable(String merchantId) {
        return em.createNativeQuery("delete from webhook_endpoint_disabled where merchant_id = ?1")
                .setParameter(1, merchantId)
                .executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    private List<Disabled> rows(String where, String merchantId) {
        var q = em.createNativeQuery("select e.merchant_id, e.callback_url, e.disabled_at, e.delivery_id, e.reason, "
                + "(select count(*) from webhook_delivery d where d.merchant_id = e.merchant_id and d.status = 'DEAD' "
                + "and d.parked) from webhook_endpoint_disabled e " + where + " order by e.disabled_at desc");
        if (merchantId != null) {
            q.setParameter(1, merchantId);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(r -> new Disabled((String) r[0], (String) r[1],
                instant(r[2]), r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4],
                ((Number) r[5]).longValue())).toList();
    }

    private static Instant instant(Object o) {
        return o instanceof Instant i ? i : o instanceof java.time.OffsetDateTime t ? t.toInstant()
                : ((java.sql.Timestamp) o).toInstant();
    }
}

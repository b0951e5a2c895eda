package io.switchboard.callback.webhook;

import static io.switchboard.callback.webhook.WebhookTestSupport.bean;
import static io.switchboard.callback.webhook.WebhookTestSupport.newMerchantId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The retention job: old finished deliveries go with their attempts, in batches; nothing else is touched. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class WebhookRetentionTest {
    @Inject
    WebhookRetention retention;
    @Inject
    EntityManager em;

    private long insert(String merchant, String status, Instant finishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) em.createNativeQuery("insert into webhook_delivery (event_id, merchant_id, n_type, body, "
                            + "status, attempts, next_attempt_at, created_at, dead_at, delivered_at) values (?1, ?2, 1005, "
                            + "'{}', ?3, 1, now() + interval '1 day', ?4, case when ?3 = 'DEAD' then cast(?4 as timestamptz) end, "
                            + "case when ?3 = 'SUCCEEDED' then cast(?4 as timestamptz) end) returning id")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, merchant).setParameter(3, status)
                    .setParameter(4, finishedAt).getSingleResult()).longValue();
            em.createNativeQuery("insert into webhook_attempt (delivery_id, attempt_no, started_at, duration_ms, success) "
                    + "values (?1, 1, now(), 5, false)").setParameter(1, id).executeUpdate();
            return id;
        });
    }

    private long count(String table, String where) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from " + table + " where " + where).getSingleResult()).longValue());
    }

    private long deliveries(String merchant) {
        return count("webhook_delivery", "merchant_id = '" + merchant + "'");
    }

    private long attemptsOf(String merchant) {
        return count("webhook_attempt a join webhook_delivery d on d.id = a.delivery_id", "d.merchant_id = '" + merchant + "'");
    }

    @Test
    void oldFinishedDeliveriesAreDeletedWithTheirAttemptsInBatchesAndNothingElse() {
        String m = newMerchantId();
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            insert(m, "SUCCEEDED", now.minus(Duration.ofDays(31 + i))); // past the 30-day default
        }
        long youngDelivered = insert(m, "SUCCEEDED", now.minus(Duration.ofDays(29)));
        for (int i = 0; i < 3; i++) {
            insert(m, "DEAD", now.minus(Duration.ofDays(91 + i))); // past the 90-day default
        }
        long youngDead = insert(m, "DEAD", now.minus(Duration.ofDays(31))); // dead letters are kept longer
        long pending = insert(m, "PENDING", now.minus(Duration.ofDays(365)));
        long delivering = insert(m, "DELIVERING", now.minus(Duration.ofDays(365)));
        assertEquals(12, deliveries(m));
        assertEquals(12, attemptsOf(m));

        // Batches of 2: 5 delivered rows take three statements, 3 dead ones two; all go.
        WebhookRetention.Purged purged = retention.purge(now, Duration.ofDays(30), Duration.ofDays(90), 2);
        assertTrue(purged.delivered() >= 5 && purged.dead() >= 3, "purged " + purged);

        assertEquals(4, deliveries(m), "only the young and the unfinished remain");
        assertEquals(4, attemptsOf(m), "the attempts of deleted deliveries went with them");
        for (long id : new long[] {youngDelivered, youngDead, pending, delivering}) {
            assertEquals(1, count("webhook_delivery", "id = " + id), "delivery " + id + " was kept");
        }

        WebhookRetention.Purged again = retention.purge();
        assertEquals(4, deliveries(m), "the configured defaults keep them too: " + again);
    }
}

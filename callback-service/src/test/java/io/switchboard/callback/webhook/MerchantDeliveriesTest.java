package io.switchboard.callback.webhook;

import static io.switchboard.callback.webhook.WebhookTestSupport.awaitDelivery;
import static io.switchboard.callback.webhook.WebhookTestSupport.bean;
import static io.switchboard.callback.webhook.WebhookTestSupport.newMerchantId;
import static io.switchboard.callback.webhook.WebhookTestSupport.newSecret;
import static io.switchboard.callback.webhook.WebhookTestSupport.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** listDeliveries and replayDeliveries through the signed Open API: filters, paging, tenancy, limits, errors. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class MerchantDeliveriesTest extends ReceiverTests {
    @TestHTTPResource("/")
    URL base;

    private static MerchantClient merchant(String merchantId, String keyName) {
        String appId = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        FakeAccountService.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(merchantId, appId,
                OpenApiSigner.fixture("openapi/" + keyName + ".pub.pem"), true));
        return new MerchantClient(merchantId, appId,
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/" + keyName + ".key.pem")));
    }

    /** A finished delivery written directly (the dispatcher never claims DEAD or SUCCEEDED rows). */
    private static long insert(String merchant, int nType, String status, Instant createdAt) {
        EntityManager em = bean(EntityManager.class);
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("insert into webhook_delivery "
                        + "(event_id, merchant_id, n_type, body, status, attempts, next_attempt_at, created_at, dead_at, "
                        + "delivered_at) values (?1, ?2, ?3, '{}', ?4, 1, ?5, ?5, "
                        + "case when ?4 = 'DEAD' then cast(?5 as timestamptz) end, "
                        + "case when ?4 = 'SUCCEEDED' then cast(?5 as timestamptz) end) returning id")
                .setParameter(1, UUID.randomUUID()).setParameter(2, merchant).setParameter(3, nType)
                .setParameter(4, status).setParameter(5, createdAt)
                .getSingleResult()).longValue());
    }

    private String url() {
        return base.toString().replaceAll("/$", "");
    }

    private static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Long> ids(MerchantClient.Reply r) {
        assertEquals(200, r.status(), r.body().toString());
        List<Long> ids = new ArrayList<>();
        r.data().path("deliveries").forEach(d -> ids.add(d.path("id").asLong()));
        return ids;
    }

    private static void assertError(MerchantClient.Reply r, int status, int code, String messagePart) {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(code, r.errorCode(), r.body().toString());
        assertTrue(r.body().path("vcErrorMsg").asText().contains(messagePart), r.body().toString());
    }

    @Test
    void aMerchantListsItsOwnDeliveriesFilteredAndPaged() {
        String a = newMerchantId();
        String b = newMerchantId();
        MerchantClient ca = merchant(a, "merchant-a");
        Instant now = Instant.now();
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delivered.add(insert(a, 1005, "SUCCEEDED", now.minus(Duration.ofMinutes(60 - i))));
        }
        long dead1 = insert(a, 1007, "DEAD", now.minus(Duration.ofHours(2)));
        long dead2 = insert(a, 1007, "DEAD", now.minus(Duration.ofHours(2)));
        long old = insert(a, 1007, "DEAD", now.minus(Duration.ofDays(10)));
        long others = insert(b, 1005, "DEAD", now.minus(Duration.ofHours(1)));

        List<Long> all = ids(ca.call(url(), "listDeliveries", Map.of()));
        assertEquals(List.of(dead2, dead1, delivered.get(2), delivered.get(1), delivered.get(0)), all,
                "the last 7 days, newest (highest id) first; not the 10-day-old one, never merchant B's");
        assertFalse(all.contains(others));

        JsonNode first = ca.call(url(), "listDeliveries", data("status", "SUCCEEDED")).data().path("deliveries").get(0);
        assertEquals("SUCCEEDED", first.path("status").asText());
        assertEquals(1005, first.path("nType").asInt());
        assertEquals(36, first.path("webhookId").asText().length(), "the webhook-id header's value");
        assertTrue(first.path("createdAt").isNumber() && first.path("deliveredAt").isNumber());
        assertTrue(first.path("nextAttemptAt").isNull());

        assertEquals(List.of(dead2, dead1), ids(ca.call(url(), "listDeliveries", data("status", "DEAD"))));
        // Our own outages are reported to the merchant without our internals.
        WebhookTestSupport.sql("update webhook_delivery set last_error = 'account-service is unavailable (webhook "
                + "target look-up): ConnectException 10.1.2.3:8081' where id = " + dead1);
        String shown = ca.call(url(), "listDeliveries", data("status", "DEAD")).data().path("deliveries").get(1)
                .path("lastError").asText();
        assertTrue(shown.startsWith("waiting for the platform") && !shown.contains("10.1.2.3"), shown);
        assertEquals(delivered.reversed(), ids(ca.call(url(), "listDeliveries", data("nType", 1005))));
        assertEquals(List.of(old), ids(ca.call(url(), "listDeliveries", data(
                "from", now.minus(Duration.ofDays(11)).toEpochMilli(), "to", now.minus(Duration.ofDays(9)).toEpochMilli()))));

        // Keyset pages of 2: every delivery once, in order, and a null cursor at the end.
        List<Long> paged = new ArrayList<>();
        Long after = null;
        for (int page = 0; page < 5; page++) {
            MerchantClient.Reply r = ca.call(url(), "listDeliveries",
                    after == null ? data("limit", 2) : data("limit", 2, "after", after));
            paged.addAll(ids(r));
            JsonNode next = r.data().path("nextAfter");
            if (next.isNull()) {
                break;
            }
            after = next.asLong();
        }
        assertEquals(all, paged);
        Set<Long> unique = new HashSet<>(paged);
        assertEquals(paged.size(), unique.size());
    }

    @Test
    void badListInputIsRefusedClearly() {
        MerchantClient ca = merchant(newMerchantId(), "merchant-a");
        long now = System.currentTimeMillis();
        assertError(ca.call(url(), "listDeliveries", data("status", "LOST")), 400, 40001, "data.status must be one of");
        assertError(ca.call(url(), "listDeliveries", data("from", now - Duration.ofDays(8).toMillis(), "to", now)),
                400, 40001, "more than 7 days");
        assertError(ca.call(url(), "listDeliveries", data("from", now, "to", now - 1)), 400, 40001,
                "data.from must be before data.to");
        assertError(ca.call(url(), "listDeliveries", data("limit", 0)), 400, 40001, "data.limit");
        assertError(ca.call(url(), "listDeliveries", data("limit", 201)), 400, 40001, "data.limit");
        assertError(ca.call(url(), "listDeliveries", data("after", -1)), 400, 40001, "data.after");
        assertError(ca.call(url(), "listDeliveries", data("merchantId", "mch_x")), 400, 40001, "not a field");
    }

    @Test
    void aMerchantReplaysOneDeliveryOrItsDeadOnesOfATimeRangeAndNeverAnothers() {
        String a = newMerchantId();
        String b = newMerchantId();
        MerchantClient ca = merchant(a, "merchant-a");
        MerchantClient cb = merchant(b, "merchant-b");
        String path = "/hook/" + a;
        target(a, receiver.url(path), newSecret());
        Instant now = Instant.now();
        long old = insert(a, 1007, "DEAD", now.minus(Duration.ofDays(10)));
        long dead1 = insert(a, 1007, "DEAD", now.minus(Duration.ofHours(2)));
        long dead2 = insert(a, 1005, "DEAD", now.minus(Duration.ofHours(1)));
        long done = insert(a, 1005, "SUCCEEDED", now.minus(Duration.ofHours(1)));
        long others = insert(b, 1005, "DEAD", now.minus(Duration.ofHours(1)));

        // Tenancy: another merchant's id is answered like an unknown one.
        assertError(ca.call(url(), "replayDeliveries", data("id", others)), 404, 40401, "delivery " + others + " not found");
        assertError(cb.call(url(), "replayDeliveries", data("id", old)), 404, 40401, "not found");
        assertError(ca.call(url(), "replayDeliveries", data("id", Long.MAX_VALUE)), 404, 40401, "not found");

        MerchantClient.Reply one = ca.call(url(), "replayDeliveries", data("id", old));
        assertEquals(200, one.status(), one.body().toString());
        assertEquals(1, one.data().path("replayed").asInt());
        WebhookTestSupport.await(() -> receiver.at(path).size() == 1, () -> "the replayed delivery was not sent");

        MerchantClient.Reply range = ca.call(url(), "replayDeliveries", data(
                "from", now.minus(Duration.ofHours(3)).toEpochMilli(), "to", now.toEpochMilli()));
        assertEquals(200, range.status(), range.body().toString());
        assertEquals(2, range.data().path("replayed").asInt(), "the two dead ones, not the delivered one");
        assertFalse(range.data().path("more").asBoolean());
        WebhookTestSupport.await(() -> receiver.at(path).size() == 3, () -> "the range replay was not sent");
        for (long id : List.of(old, dead1, dead2)) {
            WebhookTestSupport.await(() -> status(id) == DeliveryStatus.SUCCEEDED, () -> "delivery " + id + " not delivered");
        }
        assertEquals(DeliveryStatus.SUCCEEDED, status(done));
        assertEquals(DeliveryStatus.DEAD, status(others), "merchant B's dead delivery was left alone");
        assertEquals(0, cb.call(url(), "replayDeliveries", data("from", now.minus(Duration.ofHours(3)).toEpochMilli(),
                "to", now.minus(Duration.ofHours(2)).toEpochMilli())).data().path("replayed").asInt());

        // A delivery being sent right now cannot be replayed.
        long busy = insert(a, 1005, "DEAD", now);
        WebhookTestSupport.sql("update webhook_delivery set status = 'DELIVERING', next_attempt_at = now() + interval '1 hour' "
                + "where id = " + busy);
        assertError(ca.call(url(), "replayDeliveries", data("id", busy)), 409, 40902, "being delivered");
        WebhookTestSupport.sql("update webhook_delivery set status = 'DEAD' where id = " + busy);
    }

    @Test
    void badReplayInputIsRefusedClearly() {
        MerchantClient ca = merchant(newMerchantId(), "merchant-a");
        long now = System.currentTimeMillis();
        assertError(ca.call(url(), "replayDeliveries", Map.of()), 400, 40002, "data.id (or data.from and data.to) is required");
        assertError(ca.call(url(), "replayDeliveries", data("from", now - 1000)), 400, 40002, "data.to is required");
        assertError(ca.call(url(), "replayDeliveries", data("id", 1, "from", now - 1000, "to", now)), 400, 40001,
                "not both");
        assertError(ca.call(url(), "replayDeliveries", data("from", now - Duration.ofDays(8).toMillis(), "to", now)),
                400, 40001, "more than 7 days");
        assertError(ca.call(url(), "replayDeliveries", data("from", now, "to", now)), 400, 40001, "before");
        assertError(ca.call(url(), "replayDeliveries", data("id", 0)), 400, 40001, "data.id");
        assertError(ca.call(url(), "replayDeliveries", data("id", "abc")), 400, 40001, "data.id");
    }

    @Test
    void aRangeReplayQueuesAtMostItsLimitOldestFirst() {
        String c = newMerchantId();
        Instant now = Instant.now();
        long oldest = insert(c, 1005, "DEAD", now.minus(Duration.ofHours(3)));
        long middle = insert(c, 1005, "DEAD", now.minus(Duration.ofHours(2)));
        long newest = insert(c, 1005, "DEAD", now.minus(Duration.ofHours(1)));
        WebhookDeliveryRepository repository = bean(WebhookDeliveryRepository.class);
        assertEquals(3, repository.countDead(c, now.minus(Duration.ofDays(1)), now));
        assertEquals(2, repository.restartDead(c, now.minus(Duration.ofDays(1)), now, 2));
        // The newest stayed dead (the other two are being retried; c is unknown, so they die again without an attempt).
        assertEquals(DeliveryStatus.DEAD, status(newest));
        WebhookTestSupport.await(() -> diedAgain(oldest) && diedAgain(middle),
                () -> "the replayed ones were tried again");
    }

    private static boolean diedAgain(long id) {
        WebhookDelivery d = load(id);
        return d.status == DeliveryStatus.DEAD && d.lastError != null && d.lastError.contains("unknown");
    }

    private static WebhookDelivery load(long id) {
        return bean(WebhookDeliveryRepository.class).load(id);
    }

    private static DeliveryStatus status(long id) {
        return load(id).status;
    }
}

package io.switchboard.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one producer API: envelopes carry this service's name as source and are written only with a transaction. */
@QuarkusTest
class EventPublisherTest {
    @Inject
    EventPublisher events;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    JsonNode stored(String eventId) throws Exception {
        String payload = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select payload from outbox_event where event_id = ?1").setParameter(1, UUID.fromString(eventId))
                .getSingleResult());
        return json.readTree(payload);
    }

    @Test
    void sourceIsTheApplicationNameAndNotificationsUseTheCatalogue() throws Exception {
        EventEnvelope e = QuarkusTransaction.requiringNew().call(() -> events.publish("sb:test-publisher",
                EventTypes.ROBOT_LOGIN_SUCCEEDED, "mch_1", "r-1", "serial-1", json.createObjectNode().put("a", 1)));
        JsonNode row = stored(e.id());
        assertEquals("common-test", row.path("source").asText(), "quarkus.application.name of common's tests");
        assertEquals(EventTypes.ROBOT_LOGIN_SUCCEEDED, row.path("type").asText());
        assertEquals(1, row.path("data").path("a").asInt());

        EventEnvelope n = QuarkusTransaction.requiringNew().call(() -> events.notifyMerchant("mch_1", "r-1", "serial-2",
                WebhookTypes.LOGIN, ResultCodes.LOGIN_FAILED, "login timed out", null));
        JsonNode notification = stored(n.id());
        assertEquals(EventTypes.MERCHANT_NOTIFICATION, notification.path("type").asText());
        assertEquals("common-test", notification.path("source").asText());
        assertEquals(1001, notification.path("data").path("nType").asInt());
        assertEquals(1, notification.path("data").path("nResultCode").asInt());
        assertEquals("login timed out", notification.path("data").path("vcResultMsg").asText());
        assertEquals("serial-2", notification.path("serialNo").asText());
    }

    @Test
    void aHugeListWebhookIsSeveralWebhooksOfTheSameTypeAndSerialEachUnderAMegabyte() throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode list = json.createArrayNode();
        for (int i = 0; i < 30_000; i++) {
            list.addObject().put("vcUserId", String.format("u%031d", i)).put("vcUserName", "friend " + i)
                    .put("vcPreviewParm", "p".repeat(40));
        }
        assertTrue(json.writeValueAsBytes(list).length > 3 * ListParts.MAX_BYTES, "the test list is over 3 MB");
        String serial = "serial-list-" + UUID.randomUUID();
        int parts = QuarkusTransaction.requiringNew().call(() -> events.notifyMerchantInParts("mch_1", "r-1",
                serial, WebhookTypes.FRIEND_LIST, ResultCodes.OK, "", list));
        assertTrue(parts >= 4, "split: " + parts);
        @SuppressWarnings("unchecked")
        java.util.List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select payload from outbox_event where payload like ?1").setParameter(1, "%" + serial + "%")
                .getResultList());
        assertEquals(parts, payloads.size());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String payload : payloads) {
            assertTrue(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= ListParts.MAX_BYTES,
                    "each event at most 1 MB");
            JsonNode n = json.readTree(payload);
            assertEquals(serial, n.path("serialNo").asText());
            assertEquals(1003, n.path("data").path("nType").asInt());
            assertTrue(n.path("data").path("data").isArray(), "data stays the seed's array");
            n.path("data").path("data").forEach(e -> ids.add(e.path("vcUserId").asText()));
        }
        assertEquals(30_000, ids.size(), "every entry once");
    }

    @Test
    void withoutATransactionNothingIsPublished() {
        assertThrows(TransactionalException.class, () -> events.publish("sb:test-publisher",
                EventTypes.ROBOT_LOGIN_SUCCEEDED, "mch_1", "r-1", null, null));
    }
}

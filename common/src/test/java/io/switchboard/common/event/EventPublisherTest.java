package io.switchboard.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void withoutATransactionNothingIsPublished() {
        assertThrows(TransactionalException.class, () -> events.publish("sb:test-publisher",
                EventTypes.ROBOT_LOGIN_SUCCEEDED, "mch_1", "r-1", null, null));
    }
}

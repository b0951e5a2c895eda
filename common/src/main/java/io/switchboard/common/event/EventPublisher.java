package io.switchboard.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way a service publishes an event: an {@link EventEnvelope} written to the {@link Outbox} in the
 * caller's transaction (so it exists exactly when the state change does), with {@code source} = this service's
 * {@code quarkus.application.name}.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.application.name")
    String source;

    /** Queues an event on {@code stream}; returns the envelope (its id is the consumers' idempotency key). */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String stream, String type, String merchantId, String robotSerialNo, String serialNo,
                                 JsonNode data) {
        EventEnvelope event = EventEnvelope.create(type, merchantId, robotSerialNo, serialNo, source,
                data == null ? json.createObjectNode() : data);
        outbox.publish(stream, event);
        return event;
    }

    /**
     * Queues a merchant webhook ({@link WebhookTypes}) on {@code sb:merchant-events}: callback-service delivers it
     * and shows it on the live stream. {@code serialNo} becomes the webhook's {@code optvcSerNo}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope notifyMerchant(String merchantId, String robotSerialNo, String serialNo, int nType,
                                        int resultCode, String message, JsonNode data) {
        MerchantNotification n = new MerchantNotification(nType, resultCode, message == null ? "" : message,
                data == null ? json.createObjectNode() : data);
        return publish(Streams.MERCHANT_EVENTS, EventTypes.MERCHANT_NOTIFICATION, merchantId, robotSerialNo, serialNo,
                json.valueToTree(n));
    }

    /** The {@code source} this service writes into every envelope. */
    public String source() {
        return source;
    }
}

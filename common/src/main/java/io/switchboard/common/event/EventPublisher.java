package io.switchboard.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
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

    /**
     * A list webhook (1003, 2003) whose {@code data} array may be huge: as several webhooks of the same type and
     * serial, each body at most about {@link ListParts#MAX_BYTES}, the entries packed in order by size, each
     * {@code data} still an array of the seed's entries (docs/WEBHOOKS.md "Lists in several webhooks"). Returns how
     * many were queued (at least one: an empty list is one webhook with {@code []}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int notifyMerchantInParts(String merchantId, String robotSerialNo, String serialNo, int nType,
                                     int resultCode, String message, ArrayNode data) {
        List<ArrayNode> parts = ListParts.pack(json, data, ListParts.DATA_BYTES);
        for (ArrayNode part : parts) {
            notifyMerchant(merchantId, robotSerialNo, serialNo, nType, resultCode, message, part);
        }
        return parts.size();
    }

    /** The {@code source} this service writes into every envelope. */
    public String source() {
        return source;
    }
}

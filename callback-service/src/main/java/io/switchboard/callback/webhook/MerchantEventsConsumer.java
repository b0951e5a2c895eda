package io.switchboard.callback.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.stream.StreamLog;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Turns {@code sb:merchant-events} notifications into queued webhook deliveries. Runs in the consumer's
 * transaction (the processed-event record and the delivery row commit together); the HTTP call happens later,
 * in {@link WebhookDispatcher}, so a slow merchant never holds up the stream.
 */
@ApplicationScoped
public class MerchantEventsConsumer implements EventHandler {
    private static final Logger LOG = Logger.getLogger(MerchantEventsConsumer.class);

    @Inject
    ObjectMapper json;
    @Inject
    WebhookDeliveryService deliveries;
    @Inject
    StreamLog streamLog;

    @Override
    public String stream() {
        return Streams.MERCHANT_EVENTS;
    }

    @Override
    public void handle(EventEnvelope event) {
        if (!EventTypes.MERCHANT_NOTIFICATION.equals(event.type())) {
            LOG.debugf("ignoring %s event %s: not a merchant notification", event.type(), event.id());
            return;
        }
        if (event.merchantId() == null || event.merchantId().isBlank()) {
            LOG.errorf("merchant notification %s has no merchantId; nothing to deliver", event.id());
            return;
        }
        MerchantNotification notification;
        try {
            notification = json.treeToValue(event.data(), MerchantNotification.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Retrying cannot repair the producer's data; say so loudly instead of looping.
            LOG.errorf("merchant notification %s has unreadable data, not delivered: %s", event.id(), e.getMessage());
            return;
        }
        if (notification == null) {
            LOG.errorf("merchant notification %s has no data, not delivered", event.id());
            return;
        }
        deliveries.enqueue(event, notification);
        streamLog.append(event, notification); // last: it locks the merchant's stream counter until commit
    }
}

package io.switchboard.account.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Queues a merchant webhook (1001, 1004, 1007, …) in the outbox of the transaction that changed the state. */
@ApplicationScoped
public class Notifier {
    public static final int LOGIN = 1001;
    public static final int LOGOUT = 1004;
    public static final int STATE = 1007;

    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void notify(String merchantId, String robotSerialNo, String serialNo, int nType, int resultCode,
                       String message, JsonNode data) {
        MerchantNotification n = new MerchantNotification(nType, resultCode, message == null ? "" : message,
                data == null ? json.createObjectNode() : data);
        outbox.publish(Streams.MERCHANT_EVENTS, EventEnvelope.create(EventTypes.MERCHANT_NOTIFICATION, merchantId,
                robotSerialNo, serialNo, "account-service", json.valueToTree(n)));
    }
}

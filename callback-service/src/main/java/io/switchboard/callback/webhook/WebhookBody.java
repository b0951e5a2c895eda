package io.switchboard.callback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.MerchantNotification;

/**
 * The seed's callback document (DESIGN §3), fields in the seed's order:
 * {@code {"nResultCode","vcResultMsg","nType","nTimeStamp","optvcSerNo","optvcMerchantId","optvcRobotSerialNo","data"}}.
 * Built once per event; the stored text is what gets signed and sent on every attempt.
 */
public final class WebhookBody {
    private WebhookBody() {}

    public static String build(ObjectMapper json, EventEnvelope event, MerchantNotification n) {
        ObjectNode body = json.createObjectNode();
        body.put("nResultCode", n.nResultCode());
        body.put("vcResultMsg", n.vcResultMsg() == null ? "" : n.vcResultMsg());
        body.put("nType", n.nType());
        body.put("nTimeStamp", event.occurredAt());
        body.put("optvcSerNo", event.serialNo() == null ? "" : event.serialNo());
        body.put("optvcMerchantId", event.merchantId());
        body.put("optvcRobotSerialNo", event.robotSerialNo() == null ? "" : event.robotSerialNo());
        JsonNode data = n.data();
        body.set("data", data == null || data.isNull() ? json.createObjectNode() : data);
        try {
            return json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("webhook body cannot be serialised", e);
        }
    }
}

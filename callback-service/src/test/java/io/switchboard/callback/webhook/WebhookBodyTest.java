package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.MerchantNotification;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void seedFieldOrderAndEmptyStringsForAbsentValues() throws Exception {
        EventEnvelope event = new EventEnvelope("id", "merchant.notification", 1767294245000L, "mch_1", null, null,
                "group-service", null);
        MerchantNotification n = new MerchantNotification(2001, 3, null, json.readTree("{\"vcGroupId\":\"g\"}"));
        assertEquals("{\"nResultCode\":3,\"vcResultMsg\":\"\",\"nType\":2001,\"nTimeStamp\":1767294245000,"
                + "\"optvcSerNo\":\"\",\"optvcMerchantId\":\"mch_1\",\"optvcRobotSerialNo\":\"\","
                + "\"data\":{\"vcGroupId\":\"g\"}}", WebhookBody.build(json, event, n));
    }

    @Test
    void missingDataIsAnEmptyObject() {
        EventEnvelope event = new EventEnvelope("id", "merchant.notification", 1, "m", "r", "s", "x", null);
        assertEquals("{\"nResultCode\":0,\"vcResultMsg\":\"failed\",\"nType\":1004,\"nTimeStamp\":1,"
                        + "\"optvcSerNo\":\"s\",\"optvcMerchantId\":\"m\",\"optvcRobotSerialNo\":\"r\",\"data\":{}}",
                WebhookBody.build(json, event, new MerchantNotification(1004, 0, "failed", null)));
    }
}

package io.switchboard.common.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code data} of {@link EventTypes#MERCHANT_NOTIFICATION}: what callback-service turns into the webhook body
 * {@code {"nResultCode","vcResultMsg","nType","nTimeStamp","optvcSerNo","optvcMerchantId","optvcRobotSerialNo","data"}}
 * (DESIGN §3). The envelope supplies the serial, merchant, robot and time; the envelope id is the webhook-id.
 */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record MerchantNotification(int nType, int nResultCode, String vcResultMsg, JsonNode data) {
}

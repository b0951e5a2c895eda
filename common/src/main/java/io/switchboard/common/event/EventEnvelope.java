package io.switchboard.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.api.Ids;

/**
 * The envelope of every event on the Redis streams (DESIGN §6). {@code id} is a UUIDv7 and is the idempotency
 * key consumers deduplicate on; {@code serialNo} is the command serial ({@code vcSerialNo}) when there is one.
 */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record EventEnvelope(String id, String type, long occurredAt, String merchantId, String robotSerialNo,
                            String serialNo, String source, JsonNode data) {

    public static EventEnvelope create(String type, String merchantId, String robotSerialNo, String serialNo,
                                       String source, JsonNode data) {
        return new EventEnvelope(Ids.uuidV7().toString(), type, System.currentTimeMillis(), merchantId,
                robotSerialNo, serialNo, source, data);
    }
}

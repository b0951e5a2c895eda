package io.switchboard.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The Open API response envelope, with the seed's field names. {@code vcSuccess} is a string on purpose. */
@JsonInclude(JsonInclude.Include.ALWAYS)
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record ApiEnvelope(String vcSerialNo, String vcSuccess, int nErrorCode, String vcErrorMsg, Object data) {

    public static ApiEnvelope ok(String serialNo, Object data) {
        return new ApiEnvelope(serialNo, "true", 0, "", data);
    }

    public static ApiEnvelope error(String serialNo, ErrorCode code, String message) {
        return new ApiEnvelope(serialNo, "false", code.code(), message, null);
    }
}

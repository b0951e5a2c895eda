package io.switchboard.common.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;

/**
 * A request that passed the gate: signature verified, fresh, not a replay. {@code data} is the parsed business
 * parameters; the accessors below validate them with the seed's length limits and say what is wrong.
 */
public record OpenApiCall(String serialNo, String merchantId, String appId, String operation, ObjectNode data) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A required string parameter of at most {@code maxLength} characters. */
    public String requireText(String name, int maxLength) {
        String v = optionalText(name, maxLength);
        if (v == null || v.isBlank()) {
            throw ApiException.missing("data." + name);
        }
        return v;
    }

    /** An optional string parameter; numbers are accepted as their text. */
    public String optionalText(String name, int maxLength) {
        JsonNode n = data.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw ApiException.invalid("data." + name + " must be a string");
        }
        String v = n.asText();
        if (v.length() > maxLength) {
            throw ApiException.invalid("data." + name + " must be at most " + maxLength + " characters");
        }
        return v;
    }

    /** An optional whole number in [{@code min}, {@code max}]; strings holding digits are accepted. */
    public int optionalInt(String name, int min, int max, int fallback) {
        JsonNode n = data.get(name);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return fallback;
        }
        long v;
        if (n.isIntegralNumber()) {
            v = n.asLong();
        } else if (n.isTextual() && n.asText().matches("-?\\d{1,10}")) {
            v = Long.parseLong(n.asText());
        } else {
            throw ApiException.invalid("data." + name + " must be a whole number");
        }
        if (v < min || v > max) {
            throw ApiException.invalid("data." + name + " must be between " + min + " and " + max);
        }
        return (int) v;
    }

    /** An optional boolean: JSON true/false or the strings "true"/"false" in any case (the seed writes both). */
    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode n = data.get(name);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return fallback;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        String v = n.asText().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw ApiException.invalid("data." + name + " must be true or false");
    }

    /** An optional JSON object, given as an object or as a string holding one. */
    public ObjectNode optionalObject(String name) {
        JsonNode n = data.get(name);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            return null;
        }
        if (n.isObject()) {
            return (ObjectNode) n;
        }
        if (n.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(n.asText());
                if (parsed instanceof ObjectNode o) {
                    return o;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // fall through to the error below
            }
        }
        throw ApiException.invalid("data." + name + " must be a JSON object");
    }

    /** Fails with 403 unless the resource's owner is the caller. */
    public void requireOwner(String ownerMerchantId, String what) {
        if (!merchantId.equals(ownerMerchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, what + " belongs to another merchant");
        }
    }
}

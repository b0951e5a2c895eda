package io.switchboard.common.gate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ControlCharacters;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Optional;

/**
 * The signed Open API gate (DESIGN §2). Checks run cheapest first and each failure has its own code, so a client
 * can tell a clock problem from a key problem. Every parameter's shape is checked before the merchant directory
 * is asked (on most services that is a call to account-service behind a circuit breaker): garbage gets a 400 and
 * never counts as a dependency failure. Nothing is recorded here: the replay record is the last step, taken with
 * the rate token once the call's data is bound ({@link RateLimiter#admit}).
 */
@ApplicationScoped
public class OpenApiGate {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Inject
    SwitchboardConfig config;
    @Inject
    MerchantDirectory merchants;
    @Inject
    ReplayGuard replay;

    Clock clock = Clock.systemUTC();

    /**
     * A call whose signature verified, with the caller's own rate limits and the key of its replay record; not
     * recorded yet: {@link RateLimiter#admit} records it with the rate token, after binding.
     */
    public record Verified(OpenApiCall call, RateLimits rateLimits, String replayKey) {}

    /** The whole gate, replay record included (for callers that take no rate token, e.g. the stream handshake). */
    public OpenApiCall verify(String serialNo, String operation, String contentType, byte[] body) {
        Verified v = check(serialNo, operation, contentType, body);
        replay.remember(v.replayKey(), replayTtl());
        return v.call();
    }

    /** How long a replay record lives: twice the timestamp window (past that the timestamp check refuses). */
    public Duration replayTtl() {
        return config.openapi().timestampWindow().multipliedBy(2);
    }

    public Verified check(String serialNo, String operation, String contentType, byte[] body) {
        int limit = config.openapi().maxBodyBytes();
        if (body.length > limit) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the request body is " + body.length + " bytes; the limit is " + limit);
        }
        Map<String, String> p = RequestParams.parse(contentType, body);
        refuseControlCharacters(p);

        String appId = required(p, "app_id", 32);
        if (!Formats.isId(appId)) {
            throw ApiException.invalid("app_id may hold only letters, digits, '.', '_' and '-'");
        }
        String method = required(p, "method", 128);
        String timestamp = required(p, "timestamp", 19);
        String signType = required(p, "sign_type", 10);
        String sign = required(p, "sign", 1024);
        String merchantId = p.getOrDefault("merchant_id", p.get("Merchantid"));
        if (p.containsKey("merchant_id") && p.containsKey("Merchantid")
                && !p.get("merchant_id").equals(p.get("Merchantid"))) {
            throw ApiException.invalid("merchant_id and Merchantid are both given and differ");
        }
        if (merchantId == null || merchantId.isEmpty()) {
            throw ApiException.missing("merchant_id");
        }
        if (!Formats.isId(merchantId)) {
            throw ApiException.invalid("merchant_id must be at most " + Formats.MAX_ID
                    + " letters, digits, '.', '_' or '-'");
        }
        if (RsaKeys.decodeSignature(sign) == null) {
            throw ApiException.invalid("sign must be base64 (line breaks and missing padding are accepted)");
        }
        optional(p, "version").filter(v -> !v.equals("1.0")).ifPresent(v -> {
            throw new ApiException(ErrorCode.UNSUPPORTED_VERSION, "version must be 1.0, got '" + v + "'");
        });
        optional(p, "format").filter(v -> !v.equalsIgnoreCase("json")).ifPresent(v -> {
            throw ApiException.invalid("format must be json, got '" + v + "'");
        });
        optional(p, "charset").filter(v -> !v.equalsIgnoreCase("utf-8")).ifPresent(v -> {
            throw ApiException.invalid("charset must be utf-8, got '" + v + "'");
        });
        int dot = method.lastIndexOf('.');
        if (dot <= 0 || !method.substring(dot + 1).equals(operation)) {
            throw new ApiException(ErrorCode.METHOD_MISMATCH,
                    "method '" + method + "' does not name the operation '" + operation
                            + "' of this path; expected '<prefix>." + operation + "'");
        }
        RsaKeys.algorithm(signType);
        checkTimestamp(timestamp);
        ObjectNode data = parseData(p.get("data"));

        MerchantCredentials merchant = merchants.findByAppId(appId)
                .orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_APP_ID, "app_id '" + appId + "' is not known"));
        if (!merchant.merchantId().equals(merchantId)) {
            throw new ApiException(ErrorCode.MERCHANT_MISMATCH, "merchant_id does not belong to app_id '" + appId + "'");
        }
        if (!merchant.active()) {
            throw new ApiException(ErrorCode.MERCHANT_DISABLED);
        }
        if (!RsaKeys.verify(signType, merchant.publicKey(), CanonicalString.of(p), sign)) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE,
                    "the signature does not verify with the public key registered for app_id '" + appId
                            + "' (string to sign: every parameter except sign, empty values dropped, sorted by key, "
                            + "key=value joined with &)");
        }

        JsonNode merchantNo = data.get("vcMerchantNo");
        if (merchantNo != null && !merchantNo.isNull() && !merchantNo.asText().equals(merchantId)) {
            throw new ApiException(ErrorCode.MERCHANT_NO_MISMATCH, "data.vcMerchantNo must be the calling merchant");
        }
        return new Verified(new OpenApiCall(serialNo, merchantId, appId, operation, data), merchant.rateLimits(),
                ReplayGuard.key(appId, sign));
    }

    private void checkTimestamp(String timestamp) {
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(timestamp, TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_TIMESTAMP,
                    "timestamp '" + timestamp + "' must be formatted yyyy-MM-dd HH:mm:ss");
        }
        ZoneId zone = ZoneId.of(config.openapi().timezone());
        long skew = Math.abs(Duration.between(local.atZone(zone).toInstant(), clock.instant()).toSeconds());
        long window = config.openapi().timestampWindow().toSeconds();
        if (skew > window) {
            throw new ApiException(ErrorCode.TIMESTAMP_OUT_OF_WINDOW, "timestamp is " + skew + " s away from "
                    + "the platform clock (zone " + config.openapi().timezone() + "); at most " + window + " s is accepted");
        }
    }

    private static ObjectNode parseData(String data) {
        if (data == null || data.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(data);
            if (n instanceof ObjectNode o) {
                refuseControlCharacters(o, "data");
                return o;
            }
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.INVALID_DATA, "data is not valid JSON: " + e.getOriginalMessage());
        }
        throw new ApiException(ErrorCode.INVALID_DATA, "data must be a JSON object");
    }

    /**
     * No parameter name or value may hold a control character, with two exceptions for layout: {@code sign} may
     * be wrapped (base64 with line breaks), and {@code data} is JSON, where tab and line breaks may separate
     * tokens (its strings are checked once parsed).
     */
    static void refuseControlCharacters(Map<String, String> p) {
        for (Map.Entry<String, String> e : p.entrySet()) {
            String name = e.getKey();
            int i = ControlCharacters.indexOf(name, false);
            if (i >= 0) {
                throw controlCharacter("a parameter name", name, i, "");
            }
            boolean layout = name.equals("sign") || name.equals("data");
            int j = ControlCharacters.indexOf(e.getValue(), layout);
            if (j >= 0) {
                throw controlCharacter("parameter '" + name + "'", e.getValue(), j,
                        layout ? " (only tab, line feed and carriage return are allowed here)" : "");
            }
        }
    }

    /** Strings inside data may be multi-line text (tab, LF, CR); member names may hold no control character. */
    static void refuseControlCharacters(JsonNode n, String path) {
        if (n.isTextual()) {
            int i = ControlCharacters.indexOf(n.textValue(), true);
            if (i >= 0) {
                throw controlCharacter(path, n.textValue(), i,
                        " (text may hold tab, line feed and carriage return, nothing else)");
            }
        } else if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                int i = ControlCharacters.indexOf(e.getKey(), false);
                if (i >= 0) {
                    throw controlCharacter("a member name in " + path, e.getKey(), i, "");
                }
                refuseControlCharacters(e.getValue(), path + "." + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                refuseControlCharacters(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static ApiException controlCharacter(String where, String value, int index, String rule) {
        return new ApiException(ErrorCode.CONTROL_CHARACTER, where + " holds the control character "
                + ControlCharacters.name(value, index) + rule);
    }

    private static String required(Map<String, String> p, String name, int maxLength) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw ApiException.missing(name);
        }
        if (v.length() > maxLength) {
            throw ApiException.invalid(name + " must be at most " + maxLength + " characters");
        }
        return v;
    }

    private static Optional<String> optional(Map<String, String> p, String name) {
        return Optional.ofNullable(p.get(name)).filter(v -> !v.isEmpty());
    }
}

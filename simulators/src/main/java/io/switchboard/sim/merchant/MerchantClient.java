package io.switchboard.sim.merchant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merchant calling the signed Open API: builds the public parameters, signs, posts a form body and returns the
 * envelope. Used by tests, bin/demo and the benchmarks.
 */
public class MerchantClient {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String merchantId;
    private final String appId;
    private final PrivateKey key;
    private final ZoneId zone;

    public MerchantClient(String merchantId, String appId, PrivateKey key) {
        this(merchantId, appId, key, ZoneId.of("GMT+8"));
    }

    public MerchantClient(String merchantId, String appId, PrivateKey key, ZoneId zone) {
        this.merchantId = merchantId;
        this.appId = appId;
        this.key = key;
        this.zone = zone;
    }

    public record Reply(int status, JsonNode body) {
        public String serialNo() { return body.path("vcSerialNo").asText(); }
        public boolean success() { return "true".equals(body.path("vcSuccess").asText()); }
        public int errorCode() { return body.path("nErrorCode").asInt(); }
        public JsonNode data() { return body.path("data"); }
    }

    /** The signed public parameters for {@code operation} with {@code data} (a JSON object). */
    public Map<String, String> signedParams(String operation, Object data) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", appId);
        p.put("method", "switchboard." + operation);
        p.put("timestamp", ZonedDateTime.now(zone).format(TS));
        p.put("format", "json");
        p.put("charset", "utf-8");
        p.put("sign_type", "RSA2");
        p.put("version", "1.0");
        p.put("merchant_id", merchantId);
        // Timestamps have one-second resolution and RSA signatures are deterministic: without a nonce two
        // identical calls in one second would carry the same sign and the second would be refused as a replay.
        p.put("nonce", Long.toHexString(RANDOM.nextLong()));
        try {
            p.put("data", data instanceof String s ? s : JSON.writeValueAsString(data == null ? Map.of() : data));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        p.put("sign", OpenApiSigner.sign(p, "RSA2", key));
        return p;
    }

    /**
     * The signed query of a call that has no body, such as the live stream's handshake (docs/STREAM.md): the
     * required public parameters, a nonce, and {@code extra} (e.g. {@code since}), all signed.
     */
    public Map<String, String> signedQuery(String operation, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", appId);
        p.put("merchant_id", merchantId);
        p.put("method", "switchboard." + operation);
        p.put("timestamp", ZonedDateTime.now(zone).format(TS));
        p.put("sign_type", "RSA2");
        p.put("nonce", Long.toHexString(RANDOM.nextLong()));
        p.putAll(extra);
        p.put("sign", OpenApiSigner.sign(p, "RSA2", key));
        return p;
    }

    public Reply call(String baseUrl, String operation, Object data) {
        return post(baseUrl, operation, "application/x-www-form-urlencoded", OpenApiSigner.formBody(signedParams(operation, data)));
    }

    public static Reply post(String baseUrl, String operation, String contentType, String body) {
        return post(baseUrl, operation, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply post(String baseUrl, String operation, String contentType, byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/openapi/v1/" + operation))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException("Open API call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

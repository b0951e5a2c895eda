package io.switchboard.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.merchant.MerchantClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A fresh merchant for one benchmark run, made the way bin/demo makes one: an RSA 2048 key pair in memory and
 * {@code POST /admin/merchants}, then its rate limits lifted ({@code PUT /admin/merchants/{id}/rate}). For the
 * benchmarks its webhook URL points at the discard port on loopback (their scenarios cause no webhooks: their robots
 * are unknown to account-service); the fault runs ({@code reliability}) give their own receiver's URL.
 */
public final class BenchMerchant {
    static final String CALLBACK_URL = "http://127.0.0.1:9/bench-webhooks";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public final String merchantId;
    public final String appId;
    public final String deviceKey;
    public final String webhookSecret;
    final KeyPair keys;
    public final MerchantClient client;

    private BenchMerchant(String merchantId, String appId, String deviceKey, String webhookSecret, KeyPair keys) {
        this.merchantId = merchantId;
        this.appId = appId;
        this.deviceKey = deviceKey;
        this.webhookSecret = webhookSecret;
        this.keys = keys;
        this.client = new MerchantClient(merchantId, appId, keys.getPrivate());
    }

    static BenchMerchant create(HttpClient http, String account, String adminToken) throws InterruptedException {
        return create(http, account, adminToken, CALLBACK_URL);
    }

    /** A merchant whose webhooks go to {@code callbackUrl}, rate limits lifted. */
    public static BenchMerchant create(HttpClient http, String account, String adminToken, String callbackUrl)
            throws InterruptedException {
        KeyPair keys;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA in this JDK", e);
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String name = "bench-" + hex(4);
        HttpResponse<String> r;
        try {
            String body = JSON.writeValueAsString(Map.of("name", name, "rsaPublicKey", pem, "callbackUrl", callbackUrl));
            r = http.send(HttpRequest.newBuilder(URI.create(account + "/admin/merchants"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchFailure("cannot reach " + account + " (is the platform up? ./bin/up): " + e, e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new BenchFailure("the admin token was refused (HTTP " + r.statusCode() + "); use the token the "
                    + "platform was started with ($SB_ADMIN_TOKEN or .run/admin-token)");
        }
        if (r.statusCode() != 201) {
            throw new BenchFailure("POST /admin/merchants answered HTTP " + r.statusCode() + ": " + r.body());
        }
        BenchMerchant merchant;
        try {
            JsonNode m = JSON.readTree(r.body());
            merchant = new BenchMerchant(m.path("merchantId").asText(), m.path("appId").asText(),
                    m.path("deviceKey").asText(), m.path("webhookSecret").asText(), keys);
        } catch (IOException e) {
            throw new BenchFailure("POST /admin/merchants answered something that is not JSON: " + r.body(), e);
        }
        merchant.liftRateLimits(http, account, adminToken);
        return merchant;
    }

    /**
     * Sets this merchant's Open API rate limits to the highest allowed (docs/API.md, "Rate limits"): the bench
     * measures the gate's cost, limiter included, not the default limits, which thousands of calls a second exceed.
     */
    private void liftRateLimits(HttpClient http, String account, String adminToken) throws InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(account + "/admin/merchants/" + merchantId + "/rate"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"perSecond\":1000000,\"burst\":1000000,"
                            + "\"sendPerSecond\":1000000,\"sendBurst\":1000000}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchFailure("cannot reach " + account + " to lift the rate limits: " + e, e);
        }
        if (r.statusCode() != 200) {
            throw new BenchFailure("PUT /admin/merchants/" + merchantId + "/rate answered HTTP " + r.statusCode()
                    + ": " + r.body());
        }
    }

    /** {@code registerDevice} through the signed Open API; the device must be new. */
    public void registerDevice(String account, String deviceNo) {
        MerchantClient.Reply r = client.call(account, "registerDevice", Map.of("device_no", deviceNo));
        if (!r.success() || !r.data().path("created").asBoolean(false)) {
            throw new BenchFailure("registerDevice " + deviceNo + " failed: HTTP " + r.status() + " " + r.body());
        }
    }

    /**
     * {@code login} of a new robot on the device through the signed Open API: the robot becomes the merchant's
     * (callback-service then accepts the device's callbacks that name it). The device need not be connected.
     */
    void loginRobot(String account, String robotSerialNo, String deviceNo, String phone) {
        MerchantClient.Reply r = client.call(account, "login", Map.of("vcRobotSerialNo", robotSerialNo,
                "device_no", deviceNo, "phone", phone, "password", "bench"));
        if (!r.success()) {
            throw new BenchFailure("login " + robotSerialNo + " failed: HTTP " + r.status() + " " + r.body());
        }
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

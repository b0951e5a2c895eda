package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import io.switchboard.sim.line.Reply;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first full path through the platform, black-box: a merchant logs a robot in on a LINE device, the device
 * gets the command over its WebSocket (fetching the large content with GetPushContent), asks for an SMS code,
 * the merchant supplies it, the device reports success, the robot is online, the merchant receives signed
 * webhooks 1001 and 1007; then heartbeats stop and the robot goes offline with 1007 again.
 */
class LineDeviceEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static Platform platform;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        platform = Platform.shared();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    static JsonNode createMerchant(String callbackUrl) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", "e2e merchant",
                "rsaPublicKey", OpenApiSigner.fixture("openapi/merchant-a.pub.pem"), "callbackUrl", callbackUrl));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Platform.shared().url("account-service") + "/admin/merchants"))
                .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static Predicate<JsonNode> webhook(int nType, int resultCode, String robot) {
        return j -> j.path("nType").asInt() == nType && j.path("nResultCode").asInt() == resultCode
                && robot.equals(j.path("optvcRobotSerialNo").asText());
    }

    static void await(String what, java.util.function.BooleanSupplier ok) {
        org.awaitility.Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(ok::getAsBoolean);
    }

    @Test
    void merchantLogsARobotInOnADeviceAndHearsAboutIt() throws Exception {
        JsonNode merchant = createMerchant(receiver.url());
        receiver.secret(merchant.path("webhookSecret").asText());
        String account = platform.url("account-service");
        String callback = platform.url("callback-service");
        MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(), merchant.path("appId").asText(),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String deviceNo = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String robot = "robot-" + UUID.randomUUID().toString().substring(0, 8);
        String phone = "8613189639268";
        assertTrue(client.call(account, "registerDevice", Map.of("device_no", deviceNo)).success());

        try (LineDeviceSimulator device = new LineDeviceSimulator(callback, deviceNo, merchant.path("deviceKey").asText())) {
            device.connect();
            assertTrue(device.deviceHeart().success());

            // A large cache_info makes the command content exceed 1 KiB: it must come by reference.
            String password = "pw-" + UUID.randomUUID();
            String proxyPassword = "proxy-" + UUID.randomUUID();
            String cacheInfo = "eyJ" + UUID.randomUUID().toString().replace("-", "") + "A".repeat(2000);
            Map<String, Object> login = new HashMap<>(Map.of("vcRobotSerialNo", robot, "phone", phone,
                    "country_code", "86", "username", "yufan", "password", password, "device_no", deviceNo,
                    "cache_info", cacheInfo, "is_cache_login", "false",
                    "socks5", Map.of("ip", "gate13.rola.info", "port", 2083, "user", "ajdmh_1", "pwd", proxyPassword)));
            MerchantClient.Reply accepted = client.call(account, "login", login);
            assertTrue(accepted.success(), accepted.body()::toString);
            String serial = accepted.serialNo();

            PushCommand cmd = device.awaitCommand(10000, WAIT);
            assertNotNull(cmd, "the device received cmd 10000");
            assertEquals(serial, cmd.serialNo());
            assertEquals(1, cmd.cmdType(), "large content goes by reference");
            assertFalse(cmd.contentMissing(), "GetPushContent returned the content");
            assertEquals(password, cmd.content().path("password").asText());
            assertEquals(proxyPassword, cmd.content().path("socks5").path("pwd").asText());
            assertEquals("gate13.rola.info", cmd.content().path("socks5").path("ip").asText());

            assertTrue(device.requestPhoneCode(serial, phone).success());
            receiver.await("1001 asking for the SMS code", webhook(1001, 10, robot), WAIT);
            assertFalse(device.pollPhoneCode(serial, phone).success(), "no code yet");
            assertTrue(client.call(account, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "3533")).success());
            Reply code = device.pollPhoneCode(serial, phone);
            assertTrue(code.success(), code.body()::toString);
            assertEquals("3533", code.body().path("data").path("code").asText());

            assertTrue(device.loginSuccess(serial, robot, phone).success());
            await("robot online", () -> client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot))
                    .data().path("nState").asInt() == 0);
            WebhookReceiver.Delivery loginResult = receiver.await("1001 login result", webhook(1001, 0, robot), WAIT);
            WebhookReceiver.Delivery online = receiver.await("1007 online",
                    webhook(1007, 0, robot).and(j -> j.path("data").path("nstate").asInt() == 0), WAIT);
            assertTrue(loginResult.signatureValid(), "1001 signature verifies");
            assertTrue(online.signatureValid(), "1007 signature verifies");
            assertEquals(serial, loginResult.json().path("optvcSerNo").asText());
            assertEquals(merchant.path("merchantId").asText(), loginResult.json().path("optvcMerchantId").asText());

            MerchantClient.Reply task = client.call(callback, "getTask", Map.of("vcSerialNo", serial));
            assertTrue(task.success(), task.body()::toString);
            assertEquals("SUCCEEDED", task.data().path("status").asText());

            assertTrue(device.robotHeart(robot, phone).success());
            // Heartbeats stop: the sweeper takes the robot offline and the merchant is told.
            await("robot offline", () -> client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot))
                    .data().path("nState").asInt() == 1);
            WebhookReceiver.Delivery offline = receiver.await("1007 offline",
                    webhook(1007, 0, robot).and(j -> j.path("data").path("nstate").asInt() == 1), WAIT);
            assertTrue(offline.signatureValid());

            // Login secrets are nowhere in a dump of the whole database (every schema, outboxes included).
            Process dump = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-d", Platform.TEST_DB)
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, dump.waitFor(), "pg_dump failed");
            assertTrue(text.contains(robot), "the dump holds the robot");
            for (String secret : new String[] {password, proxyPassword, cacheInfo.substring(0, 40),
                    merchant.path("deviceKey").asText(), merchant.path("webhookSecret").asText().substring(6)}) {
                assertFalse(text.contains(secret), "the database dump leaks a secret");
            }
        }
    }
}

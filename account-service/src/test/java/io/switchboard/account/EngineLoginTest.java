package io.switchboard.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.api.Ids;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol-aware login (DESIGN §2, §5): an engine robot (LINE_WS, CHAT68_WS, IM_HTTP) is stored with its
 * checked engine_url, no device is picked, and the command carries the engine URL; bad engine URLs are refused
 * before anything is stored. The test profile runs in local mode, so loopback engines are allowed.
 */
@QuarkusTest
class EngineLoginTest {
    static final String ENGINE = "ws://127.0.0.1:7001/line";

    @TestHTTPResource("/")
    URL root;
    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    SecretCipher cipher;

    String base;
    JsonPath merchant;
    MerchantClient client;
    String robot;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
        merchant = AccountServiceTest.createMerchant("Engines", "openapi/merchant-a.pub.pem");
        client = new MerchantClient(merchant.getString("merchantId"), merchant.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        robot = "engine-robot-" + Ids.random("", 6);
    }

    Reply login(String protocol, String engineUrl, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>(Map.of("vcRobotSerialNo", robot, "protocol", protocol,
                "username", "engine-user", "password", "ENGINE-PW-1",
                "socks5", Map.of("ip", "gate.example", "port", "2083", "user", "u", "pwd", "SOCKS-PW-2")));
        if (engineUrl != null) {
            data.put("engine_url", engineUrl);
        }
        data.putAll(extra);
        return client.call(base, "login", data);
    }

    JsonNode command(String serialNo) throws Exception {
        String payload = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%" + serialNo + "%").getSingleResult());
        return json.readTree(payload);
    }

    Object[] robotRow() {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select protocol, engine_url, device_no, state from robot where robot_serial_no = ?1")
                .setParameter(1, robot).getResultList());
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    @Test
    void lineWsLoginStoresTheEngineAndPublishesItWithoutADevice() throws Exception {
        Reply r = login("LINE_WS", ENGINE, Map.of());
        assertTrue(r.success(), r.body()::toString);
        assertEquals(4, r.data().path("nState").asInt());
        assertTrue(r.data().path("deviceNo").isNull(), "no device is picked for an engine robot: " + r.body());

        Object[] row = robotRow();
        assertEquals("LINE_WS", row[0]);
        assertEquals(ENGINE, row[1], "engine_url is stored on the robot");
        assertEquals(null, row[2], "no device");
        assertEquals((short) 4, ((Number) row[3]).shortValue());

        JsonNode cmd = command(r.serialNo());
        assertEquals(EventTypes.COMMAND_REQUESTED, cmd.path("type").asText());
        assertEquals("login", cmd.path("data").path("operation").asText());
        assertEquals("LINE_WS", cmd.path("data").path("protocol").asText());
        assertEquals(ENGINE, cmd.path("data").path("engineUrl").asText(), "the command carries the engine");
        assertTrue(cmd.path("data").path("deviceNo").isNull(), "and no device: " + cmd);
        JsonNode content = json.readTree(cipher.decrypt(cmd.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(r.serialNo())));
        assertEquals("ENGINE-PW-1", content.path("password").asText());
        assertEquals(2083, content.path("socks5").path("port").asInt(), "the proxy port as a number");

        JsonNode view = client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).data();
        assertEquals("LINE_WS", view.path("protocol").asText());
        assertEquals(ENGINE, view.path("engineUrl").asText(), "getRobot shows the engine");
        JsonNode listed = client.call(base, "listRobots", Map.of()).data().path("robots").get(0);
        assertEquals(ENGINE, listed.path("engineUrl").asText(), "listRobots shows it too");
    }

    @Test
    void unsupportedProtocolFailureReachesTheMerchantAs1001() throws Exception {
        Reply r = login("IM_HTTP", "http://127.0.0.1:7002/api", Map.of("phone", "8613800000009"));
        assertTrue(r.success(), r.body()::toString);
        assertEquals("http://127.0.0.1:7002/api", command(r.serialNo()).path("data").path("engineUrl").asText());
        // What callback-service's CommandConsumer publishes for a protocol it has no driver for.
        EventEnvelope failed = EventEnvelope.create(EventTypes.COMMAND_FAILED, merchant.getString("merchantId"), robot,
                r.serialNo(), "callback-service", json.createObjectNode().put("operation", "login")
                        .put("reason", "protocol IM_HTTP is not supported yet"));
        redis.stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, failed.id(),
                Streams.FIELD_EVENT, json.writeValueAsString(failed)));
        RobotLifecycleTest.await("robot offline after the refused command",
                () -> ((Number) robotRow()[3]).intValue() == 1);
        RobotLifecycleTest.await("webhook 1001 with a non-zero result", () -> webhooks1001().stream()
                .anyMatch(n -> n.path("data").path("nResultCode").asInt() != 0
                        && n.toString().contains("protocol IM_HTTP is not supported yet")));
    }

    @SuppressWarnings("unchecked")
    List<JsonNode> webhooks1001() {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + robot + "\"%").getResultList());
        return payloads.stream().map(p -> {
            try {
                return json.readTree(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.path("data").path("nType").asInt() == 1001).toList();
    }

    @Test
    void badEngineUrlsAreRefusedAndNothingIsStored() {
        assertRefused(login("LINE_WS", null, Map.of()), 40002, "data.engine_url");
        assertRefused(login("CHAT68_WS", "", Map.of()), 40002, "data.engine_url");
        assertRefused(login("IM_HTTP", "http://169.254.169.254/latest/meta-data", Map.of()), 40001, "link-local");
        assertRefused(login("LINE_WS", "ws://169.254.169.254/", Map.of()), 40001, "link-local");
        assertRefused(login("LINE_WS", "ws://10.0.0.5:7001/", Map.of()), 40001, "private");
        assertRefused(login("LINE_WS", "ws://user:pw@127.0.0.1:7001/", Map.of()), 40001, "credentials");
        assertRefused(login("LINE_WS", "http://127.0.0.1:7001/", Map.of()), 40001, "ws:// or wss://");
        assertRefused(login("CHAT68_WS", "https://127.0.0.1:7001/", Map.of()), 40001, "ws:// or wss://");
        assertRefused(login("IM_HTTP", "wss://127.0.0.1:7001/", Map.of()), 40001, "http:// or https://");
        assertRefused(login("LINE_WS", "ws://127.0.0.1:7001/\u0000", Map.of()), 40010, "control character U+0000");
        assertRefused(login("LINE_WS", "ws://127.0.0.1:7001/#frag", Map.of()), 40001, "fragment");
        assertRefused(login("LINE_WS", "ws:///nohost", Map.of()), 40001, "no host");
        assertRefused(login("LINE_WS", ENGINE, Map.of("device_no", "dev-1")), 40001, "data.device_no is for LINE_DEVICE");
        assertRefused(login("LINE_DEVICE", ENGINE, Map.of("phone", "8613800000001")), 40001,
                "data.engine_url is for the engine protocols");
        assertEquals(null, robotRow(), "no robot was created by any refused login");
        assertFalse(client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).success());
    }

    static void assertRefused(Reply r, int code, String messagePart) {
        assertEquals(400, r.status(), r.body()::toString);
        assertEquals(code, r.errorCode(), r.body()::toString);
        String message = r.body().path("vcErrorMsg").asText();
        assertTrue(message.contains(messagePart), () -> "'" + message + "' should mention '" + messagePart + "'");
    }
}

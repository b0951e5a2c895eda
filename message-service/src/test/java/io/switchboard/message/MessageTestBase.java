package io.switchboard.message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.switchboard.common.api.Ids;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What message-service's tests share: merchants and robots in the fake account-service, signed calls, robot events
 * put on {@code sb:robot-events} as callback-service would, and reads of the store and the outbox (commands and
 * webhooks).
 */
abstract class MessageTestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;
    String base;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
    }

    record Merchant(String merchantId, MerchantClient client) {}

    static Merchant merchant(String keyName) {
        String merchantId = Ids.random("mch_", 8);
        String appId = Ids.random("app", 8);
        FakeServices.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(merchantId, appId,
                OpenApiSigner.fixture("openapi/" + keyName + ".pub.pem"), true));
        return new Merchant(merchantId, new MerchantClient(merchantId, appId,
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/" + keyName + ".key.pem"))));
    }

    /** A robot of the merchant, known to the fake account-service, with messenger id {@code U<serial>}. */
    static String robot(Merchant m, String protocol) {
        String serial = Ids.random("msg-robot-", 8);
        FakeServices.ROBOTS.put(serial, new RobotRef(serial, m.merchantId(), protocol, 0,
                protocol.equals("LINE_DEVICE") ? "dev-1" : null, "8613800000001", userId(serial)));
        return serial;
    }

    static String userId(String robot) {
        return "U" + robot;
    }

    Reply call(Merchant m, String op, Map<String, Object> data) {
        return m.client().call(base, op, data);
    }

    static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> text(String text) {
        return data("msg_type", 0, "msg_content", text);
    }

    /** sendMessage of a text to friend {@code u1}; asserts it was accepted. */
    Reply send(Merchant m, String robot, String text) {
        Reply r = call(m, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", text(text)));
        assertTrue(r.success(), r.body()::toString);
        return r;
    }

    static void assertRefused(Reply r, int status, int code, String text) {
        assertEquals(status, r.status(), r.body()::toString);
        assertEquals("false", r.body().path("vcSuccess").asText());
        assertEquals(code, r.errorCode(), r.body()::toString);
        assertTrue(r.body().path("vcErrorMsg").asText().contains(text),
                () -> "message names '" + text + "': " + r.body());
    }

    RequestSpecification admin() {
        return RestAssured.given().baseUri(base).auth().oauth2("test-admin-token");
    }

    /** The robot's own pacing interval, through the admin API. */
    void pacing(String robot, Integer intervalMs) {
        admin().contentType("application/json").body(intervalMs == null ? "{\"intervalMs\":null}"
                        : "{\"intervalMs\":" + intervalMs + "}")
                .put("/admin/messages/robots/{r}/pacing", robot).then().statusCode(200);
    }

    static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    // --- robot events ----------------------------------------------------------------------------------------

    /** What callback-service would put on sb:robot-events. */
    static EventEnvelope robotEvent(String type, String merchantId, String robot, String serialNo, JsonNode data) {
        EventEnvelope e = EventEnvelope.create(type, merchantId, robot, serialNo, "callback-service", data);
        try {
            bean(RedisDataSource.class).stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, e.id(),
                    Streams.FIELD_EVENT, JSON.writeValueAsString(e)));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    static void awaitProcessed(EventEnvelope e) {
        await("event " + e.type() + " processed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("select count(*) from processed_event where event_id = ?1",
                        UUID.fromString(e.id())) == 1);
    }

    /** The driver's message.sent for a dispatched message, processed. */
    static EventEnvelope sent(Merchant m, String robot, String serialNo, String operation, String messageId) {
        ObjectNode d = obj().put("protocol", "LINE_WS").put("operation", operation).put("targetId", "u1")
                .put("msgType", 0).put("messageId", messageId).put("sentAt", 1_700_000_000_000L);
        d.putNull("queueCount");
        d.putNull("groupInfo");
        EventEnvelope e = robotEvent(EventTypes.MESSAGE_SENT, m.merchantId(), robot, serialNo, d);
        awaitProcessed(e);
        return e;
    }

    /** callback-service's command.failed for a send, processed. */
    static EventEnvelope failed(Merchant m, String robot, String serialNo, String operation, String reason) {
        EventEnvelope e = robotEvent(EventTypes.COMMAND_FAILED, m.merchantId(), robot, serialNo, obj()
                .put("operation", operation).put("protocol", "LINE_WS").put("status", "FAILED").put("reason", reason));
        awaitProcessed(e);
        return e;
    }

    // --- the store and the outbox ----------------------------------------------------------------------------

    /** The message's state word, as stored. */
    static String state(String serialNo) {
        List<Object[]> r = rows("select state, 0 from outbound_message where serial_no = ?1", serialNo);
        return r.isEmpty() ? null : List.of("QUEUED", "DISPATCHED", "SENT", "FAILED")
                .get(((Number) r.get(0)[0]).intValue());
    }

    static void awaitState(String serialNo, String state) {
        await("message " + serialNo + " " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> state.equals(state(serialNo)));
    }

    /** The command a serial published on sb:commands (the envelope), or null. */
    static JsonNode command(String serialNo) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> bean(EntityManager.class).createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%\"" + serialNo + "\"%").getResultList());
        return rows.isEmpty() ? null : read((String) rows.get(0));
    }

    /** The command's decrypted content: what the driver reads. */
    static JsonNode content(String serialNo) {
        JsonNode cmd = command(serialNo);
        return read(bean(SecretCipher.class).decrypt(cmd.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(serialNo)));
    }

    static long count(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = bean(EntityManager.class).createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> rows(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = bean(EntityManager.class).createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            return (List<Object[]>) q.getResultList();
        });
    }

    static int update(String sql, Object... args) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = bean(EntityManager.class).createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            return q.executeUpdate();
        });
    }

    /** The merchant notifications queued for a robot (envelopes), in order. */
    @SuppressWarnings("unchecked")
    static List<JsonNode> webhooks(String robot) {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> bean(EntityManager.class)
                .createNativeQuery("select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + robot + "\"%").getResultList());
        return payloads.stream().map(MessageTestBase::read).toList();
    }

    /** The webhooks a serial produced (notification envelopes). */
    static List<JsonNode> webhooks(String robot, String serialNo) {
        return webhooks(robot).stream().filter(w -> serialNo.equals(w.path("serialNo").asText())).toList();
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }
}

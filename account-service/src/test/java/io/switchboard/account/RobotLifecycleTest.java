package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.account.config.AccountConfig;
import io.switchboard.account.service.LoginDeadline;
import io.switchboard.common.api.Ids;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Presence;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The robot lifecycle in account-service: devices, login / logout / SMS code over the signed API, the command
 * it queues, and the robot events (as callback-service would send them on sb:robot-events) that move the state
 * machine and queue webhooks 1001, 1004 and 1007.
 */
@QuarkusTest
class RobotLifecycleTest {
    static final String INTERNAL = "Bearer test-internal-token";

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
    @Inject
    LoginDeadline deadline;
    @Inject
    AccountConfig config;

    String base;
    JsonPath merchant;
    MerchantClient client;
    String deviceNo;
    String robot;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
        merchant = AccountServiceTest.createMerchant("Lifecycle", "openapi/merchant-a.pub.pem");
        client = new MerchantClient(merchant.getString("merchantId"), merchant.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        deviceNo = "dev-" + Ids.random("", 6);
        robot = "robot-" + Ids.random("", 6);
        assertTrue(client.call(base, "registerDevice", Map.of("device_no", deviceNo)).success());
    }

    Reply login(Map<String, Object> extra) {
        Map<String, Object> data = new java.util.HashMap<>(Map.of("vcRobotSerialNo", robot, "phone", "8613800000001",
                "country_code", "86", "username", "yufan", "password", "pw-SECRET-1", "login_type", "0",
                "cache_info", "CACHE-SECRET-2", "socks5", Map.of("ip", "gate.example", "port", 2083, "user", "u1",
                        "pwd", "SOCKS-SECRET-3"), "device_no", deviceNo));
        data.putAll(extra);
        return client.call(base, "login", data);
    }

    /** What callback-service would put on sb:robot-events. */
    EventEnvelope robotEvent(String type, String serialNo, ObjectNode data) throws Exception {
        EventEnvelope e = EventEnvelope.create(type, merchant.getString("merchantId"), robot, serialNo,
                "callback-service", data);
        redis.stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, e.id(),
                Streams.FIELD_EVENT, json.writeValueAsString(e)));
        return e;
    }

    JsonNode getRobot() {
        return client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).data();
    }

    @SuppressWarnings("unchecked")
    List<JsonNode> notifications() {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + robot + "\"%").getResultList());
        return payloads.stream().map(p -> {
            try {
                return json.readTree(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    long countOf(int nType, int resultCode) {
        return notifications().stream().filter(n -> n.path("data").path("nType").asInt() == nType
                && n.path("data").path("nResultCode").asInt() == resultCode).count();
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    /** Waits until account-service's consumer has processed (and committed) the robot event with this id. */
    void awaitProcessed(EventEnvelope e) {
        await("event " + e.type() + " processed", () -> QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from processed_event where event_id = ?1")
                .setParameter(1, java.util.UUID.fromString(e.id())).getSingleResult()).intValue()) == 1);
    }

    long phoneCodeRounds() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from phone_code where robot_serial_no = ?1").setParameter(1, robot)
                .getSingleResult()).longValue());
    }

    @Test
    void devicesAreRegisteredOncePerMerchant() {
        assertFalse(client.call(base, "registerDevice", Map.of("device_no", deviceNo)).data().path("created").asBoolean());
        JsonPath other = AccountServiceTest.createMerchant("Other", "openapi/merchant-b.pub.pem");
        MerchantClient b = new MerchantClient(other.getString("merchantId"), other.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-b.key.pem")));
        assertEquals(409, b.call(base, "registerDevice", Map.of("device_no", deviceNo)).status());
        assertEquals(400, client.call(base, "registerDevice", Map.of("device_no", "bad device!")).status());
        given().header("Authorization", INTERNAL).get("/internal/devices/" + deviceNo).then().statusCode(200)
                .body("merchantId", org.hamcrest.Matchers.equalTo(merchant.getString("merchantId")))
                .body("deviceKey", org.hamcrest.Matchers.equalTo(merchant.getString("deviceKey")));
        given().header("Authorization", INTERNAL).get("/internal/devices/nope").then().statusCode(404);
    }

    @Test
    void loginQueuesAnEncryptedCommandAndSecretsAreNotInADatabaseDump() throws Exception {
        Reply r = login(Map.of());
        assertTrue(r.success(), r.body()::toString);
        assertEquals(4, r.data().path("nState").asInt());
        assertEquals(4, getRobot().path("nState").asInt());
        assertEquals("logging_in", getRobot().path("vcState").asText());

        String payload = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%" + r.serialNo() + "%").getSingleResult());
        JsonNode cmd = json.readTree(payload);
        assertEquals(EventTypes.COMMAND_REQUESTED, cmd.path("type").asText());
        assertEquals("account-service", cmd.path("source").asText(), "source is quarkus.application.name");
        assertEquals("login", cmd.path("data").path("operation").asText());
        assertEquals(deviceNo, cmd.path("data").path("deviceNo").asText());
        JsonNode content = json.readTree(cipher.decrypt(cmd.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(r.serialNo())));
        assertEquals("pw-SECRET-1", content.path("password").asText());
        assertEquals("SOCKS-SECRET-3", content.path("socks5").path("pwd").asText());

        Process dump = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-d", System.getenv().getOrDefault("SB_TEST_DB", "switchboard_test"),
                "-n", "account").redirectErrorStream(true).start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, dump.waitFor(), text);
        assertTrue(text.contains(robot), "the dump holds the robot row");
        for (String secret : List.of("pw-SECRET-1", "CACHE-SECRET-2", "SOCKS-SECRET-3", merchant.getString("deviceKey"))) {
            assertFalse(text.contains(secret), "dump leaks " + secret);
        }
    }

    @Test
    void loginIsRefusedClearly() throws Exception {
        assertEquals(400, login(Map.of("phone", "abc")).status());
        assertEquals(400, login(Map.of("protocol", "LINE_WS")).status());
        assertEquals(400, login(Map.of("protocol", "SMOKE")).status());
        assertEquals(400, login(Map.of("socks5", Map.of("ip", "x", "port", 70000))).status());
        assertEquals(400, login(Map.of("socks5", "not json")).status());
        assertEquals(400, login(Map.of("is_cache_login", "maybe")).status());
        assertEquals(404, login(Map.of("device_no", "unknown-device")).status());
        Map<String, Object> noDevice = new java.util.HashMap<>();
        noDevice.put("device_no", "");
        assertEquals(409, login(noDevice).status(), "no online device");
        assertEquals(404, client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).status(), "nothing created");

        redis.sortedSet(String.class).zadd(Presence.DEVICES, System.currentTimeMillis(), deviceNo);
        Reply picked = login(noDevice);
        assertTrue(picked.success(), picked.body()::toString);
        assertEquals(deviceNo, picked.data().path("deviceNo").asText());
        assertEquals(409, login(Map.of()).status(), "a login is already in progress");

        JsonPath other = AccountServiceTest.createMerchant("Other", "openapi/merchant-b.pub.pem");
        MerchantClient b = new MerchantClient(other.getString("merchantId"), other.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-b.key.pem")));
        assertEquals(403, b.call(base, "login", Map.of("vcRobotSerialNo", robot, "phone", "8613800000001")).status());
        assertEquals(403, b.call(base, "logout", Map.of("vcRobotSerialNo", robot)).status());
        assertEquals(403, b.call(base, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "1234")).status());
        assertEquals(4, getRobot().path("nState").asInt(), "nothing changed");
    }

    @Test
    void loginSucceedsGoesOfflineWithoutHeartbeatAndBackOnline() throws Exception {
        Reply r = login(Map.of());
        robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serialNo(), json.createObjectNode().put("username", "liu_liu")
                .put("phone", "8613800000001").put("lineVersion", "8.9.2.8685").put("userId", "u4746b9")
                .put("cacheInfoEnc", cipher.encrypt("NEW-CACHE", SecretContexts.robotCacheInfo(robot))));
        await("online", () -> getRobot().path("nState").asInt() == 0);
        JsonNode view = getRobot();
        assertEquals("online", view.path("vcState").asText());
        assertEquals("liu_liu", view.path("username").asText());
        assertEquals("8.9.2.8685", view.path("lineVersion").asText());
        assertNotNull(view.get("lastHeartbeat"));
        await("1001 and 1007", () -> countOf(1001, 0) == 1 && countOf(1007, 0) == 1);
        JsonNode n1001 = notifications().stream().filter(n -> n.path("data").path("nType").asInt() == 1001).findFirst().orElseThrow();
        assertEquals(r.serialNo(), n1001.path("serialNo").asText(), "the webhook carries the login's vcSerialNo");
        assertFalse(n1001.toString().contains("NEW-CACHE"));
        // the internal robot view names the robot's own messenger id (message-service: the sender of send results)
        given().header("Authorization", INTERNAL).get("/internal/robots/" + robot).then().statusCode(200)
                .body("userId", org.hamcrest.Matchers.equalTo("u4746b9"))
                .body("protocol", org.hamcrest.Matchers.equalTo("LINE_DEVICE"));

        long expiry = System.currentTimeMillis() + 86_400_000L;
        robotEvent(EventTypes.ROBOT_TOKEN_REFRESHED, null, json.createObjectNode()
                .put("cacheInfoEnc", cipher.encrypt("REFRESHED-CACHE", SecretContexts.robotCacheInfo(robot)))
                .put("cacheExpiresAt", expiry));
        await("token refreshed", () -> {
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "select cache_info_enc, cache_expires_at from robot where robot_serial_no = ?1")
                    .setParameter(1, robot).getSingleResult());
            return row[1] != null && "REFRESHED-CACHE".equals(cipher.decrypt((String) row[0], SecretContexts.robotCacheInfo(robot)));
        });

        robotEvent(EventTypes.ROBOT_HEARTBEAT_LOST, null, json.createObjectNode().put("lastHeartbeat", 1));
        await("offline", () -> getRobot().path("nState").asInt() == 1);
        await("1007 offline", () -> notifications().stream().anyMatch(n -> n.path("data").path("nType").asInt() == 1007
                && n.path("data").path("data").path("nstate").asInt() == 1
                && n.path("data").path("data").path("vcReason").asText().contains("heartbeat")));
        robotEvent(EventTypes.ROBOT_HEARTBEAT_RESUMED, null, json.createObjectNode());
        await("online again", () -> getRobot().path("nState").asInt() == 0);

        robotEvent(EventTypes.ROBOT_STATUS_CHANGED, null, (ObjectNode) json.readTree(
                "{\"state\":3,\"reason\":\"too many adds\",\"functionalLimits\":[{\"risk_type_code\":1,\"risk_type_desc\":\"add friend\"}]}"));
        await("limited", () -> getRobot().path("nState").asInt() == 3);
        await("1007 limited", () -> notifications().stream().anyMatch(n -> n.path("data").path("data").path("nstate").asInt() == 3
                && n.path("data").path("data").path("functional_limits").get(0).path("risk_type_code").asInt() == 1));

        Reply out = client.call(base, "logout", Map.of("vcRobotSerialNo", robot));
        assertTrue(out.success());
        robotEvent(EventTypes.ROBOT_LOGGED_OUT, out.serialNo(), json.createObjectNode().put("reason", "logout"));
        await("logged out", () -> getRobot().path("nState").asInt() == 5);
        await("1004", () -> countOf(1004, 0) == 1);
        assertEquals(409, client.call(base, "logout", Map.of("vcRobotSerialNo", robot)).status());

        var history = given().header("Authorization", "Bearer test-admin-token").get("/admin/robots/" + robot)
                .then().statusCode(200).extract().jsonPath().getList("history.toState", Integer.class);
        assertEquals(List.of(5, 3, 0, 1, 0, 4), history);
    }

    @Test
    void loginFailureAndTimeoutAreToldWith1001() throws Exception {
        Reply r = login(Map.of());
        robotEvent(EventTypes.ROBOT_LOGIN_FAILED, r.serialNo(), json.createObjectNode().put("reason", "获取个人信息失败"));
        await("offline", () -> getRobot().path("nState").asInt() == 1);
        await("1001 failure", () -> countOf(1001, 1) == 1);
        assertEquals(0, countOf(1007, 1), "a failed login is told by 1001 only");

        Reply again = login(Map.of());
        assertTrue(again.success());
        // A late result of the first login must not flip the second one.
        robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serialNo(), json.createObjectNode());
        robotEvent(EventTypes.COMMAND_FAILED, again.serialNo(), json.createObjectNode().put("operation", "login")
                .put("cmd", 10000).put("reason", "no result from device within 300 s"));
        await("timed out", () -> countOf(1001, 1) == 2);
        assertEquals(1, getRobot().path("nState").asInt());
    }

    @Test
    void phoneCodeRoundHandsTheCodeOnce() throws Exception {
        Reply r = login(Map.of());
        robotEvent(EventTypes.ROBOT_PHONE_CODE_REQUESTED, r.serialNo(), json.createObjectNode().put("phone", "8613800000001"));
        await("1001 asks for the code", () -> countOf(1001, 10) == 1);
        String take = "/internal/robots/" + robot + "/phone-code/take";
        given().header("Authorization", INTERNAL).contentType("application/json").body(Map.of("serialNo", r.serialNo()))
                .post(take).then().statusCode(404);
        assertEquals(400, client.call(base, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "1")).status());
        assertTrue(client.call(base, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "3533")).success());
        given().header("Authorization", INTERNAL).contentType("application/json").body(Map.of("serialNo", r.serialNo()))
                .post(take).then().statusCode(200).body("code", org.hamcrest.Matchers.equalTo("3533"));
        given().header("Authorization", INTERNAL).contentType("application/json").body(Map.of("serialNo", r.serialNo()))
                .post(take).then().statusCode(404);
        given().header("Authorization", INTERNAL).contentType("application/json").body(Map.of("serialNo", "other-login"))
                .post(take).then().statusCode(404);
    }

    @Test
    void duplicateRobotEventIsAppliedOnce() throws Exception {
        Reply r = login(Map.of());
        // An event whose effect the state machine does not absorb: each application asks the merchant for a code
        // again and opens a new code round, so only the inbox's de-duplication keeps it to one.
        EventEnvelope e = EventEnvelope.create(EventTypes.ROBOT_PHONE_CODE_REQUESTED, merchant.getString("merchantId"),
                robot, r.serialNo(), "callback-service", json.createObjectNode().put("phone", "8613800000001"));
        for (int i = 0; i < 2; i++) {
            redis.stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_EVENT, json.writeValueAsString(e)));
        }
        // A later, distinct event: once it is applied, both copies before it have been handled.
        EventEnvelope after = robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serialNo(), json.createObjectNode());
        awaitProcessed(after);
        await("online", () -> getRobot().path("nState").asInt() == 0);
        assertEquals(1, countOf(1001, 10), "one request for the SMS code");
        assertEquals(1, phoneCodeRounds(), "one code round");
    }

    @Test
    void phoneCodeTakeIsIdempotentPerRequestId() throws Exception {
        Reply r = login(Map.of());
        robotEvent(EventTypes.ROBOT_PHONE_CODE_REQUESTED, r.serialNo(), json.createObjectNode());
        await("1001 asks for the code", () -> countOf(1001, 10) == 1);
        assertTrue(client.call(base, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "7781")).success());
        String take = "/internal/robots/" + robot + "/phone-code/take";
        Map<String, String> first = Map.of("serialNo", r.serialNo(), "requestId", "req-1");
        given().header("Authorization", INTERNAL).contentType("application/json").body(first)
                .post(take).then().statusCode(200).body("code", org.hamcrest.Matchers.equalTo("7781"));
        // The answer was lost and the caller retries the same request: the same code, not "none".
        given().header("Authorization", INTERNAL).contentType("application/json").body(first)
                .post(take).then().statusCode(200).body("code", org.hamcrest.Matchers.equalTo("7781"));
        // Any other request finds the code taken.
        given().header("Authorization", INTERNAL).contentType("application/json")
                .body(Map.of("serialNo", r.serialNo(), "requestId", "req-2")).post(take).then().statusCode(404);
        given().header("Authorization", INTERNAL).contentType("application/json").body(Map.of("serialNo", r.serialNo()))
                .post(take).then().statusCode(404);
        // The request id of one login does not open another login's code.
        given().header("Authorization", INTERNAL).contentType("application/json")
                .body(Map.of("serialNo", "other-login", "requestId", "req-1")).post(take).then().statusCode(404);
        given().header("Authorization", INTERNAL).contentType("application/json")
                .body(Map.of("serialNo", r.serialNo(), "requestId", "bad id\u0000")).post(take).then().statusCode(400);
    }

    /** Pretends the robot has been logging in since {@code secondsAgo}. */
    void loggingInSince(long secondsAgo) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update robot_state_change set changed_at = now() - make_interval(secs => ?1) "
                                + "where robot_serial_no = ?2 and to_state = 4")
                .setParameter(1, secondsAgo).setParameter(2, robot).executeUpdate());
    }

    long failedByDeadline() {
        return notifications().stream().filter(n -> n.path("data").path("nType").asInt() == 1001
                && n.path("data").path("nResultCode").asInt() == 1
                && n.path("data").path("vcResultMsg").asText().contains("timed out")).count();
    }

    @Test
    void aLoginThatNeverEndsIsFailedByAccountServicesOwnDeadline() throws Exception {
        Reply r = login(Map.of());
        long limit = config.loginTimeout().plus(config.loginGrace()).toSeconds();
        loggingInSince(limit - 5); // not yet past login timeout + grace
        assertEquals(0, deadline.sweep());
        assertEquals(4, getRobot().path("nState").asInt());

        loggingInSince(limit + 5);
        assertEquals(1, deadline.sweep());
        assertEquals(0, deadline.sweep(), "failed once");
        assertEquals(1, getRobot().path("nState").asInt(), "offline");
        assertEquals(1, failedByDeadline(), "webhook 1001, result code 1, the reason says it timed out");
        JsonNode n1001 = notifications().stream().filter(n -> n.path("data").path("nType").asInt() == 1001).findFirst()
                .orElseThrow();
        assertEquals(r.serialNo(), n1001.path("serialNo").asText(), "it carries the login's vcSerialNo");
        assertEquals(0, countOf(1007, 0) + countOf(1007, 1), "no 1007: the 1001 tells");
        var history = given().header("Authorization", "Bearer test-admin-token").get("/admin/robots/" + robot)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 4), history.getList("history.toState", Integer.class));
        assertEquals("login.deadline", history.getString("history[0].cause"));

        // The real result arrives late: it changes nothing and tells nothing.
        awaitProcessed(robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serialNo(), json.createObjectNode()));
        awaitProcessed(robotEvent(EventTypes.COMMAND_FAILED, r.serialNo(), json.createObjectNode()
                .put("operation", "login").put("reason", "no result from device within 300 s")));
        assertEquals(1, getRobot().path("nState").asInt());
        assertEquals(1, countOf(1001, 1), "one failed-login webhook");
        assertEquals(0, countOf(1001, 0));

        // And the robot can log in again.
        assertTrue(login(Map.of()).success());
    }

    @Test
    void theDeadlineSkipsARobotAnotherReplicaHoldsAndLetsARealResultWin() throws Exception {
        Reply r = login(Map.of());
        loggingInSince(3600);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            // Another replica (or the event consumer) holds the robot's row.
            Future<?> holder = other.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("select id from robot where robot_serial_no = ?1 for update")
                        .setParameter(1, robot).getResultList();
                locked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            try {
                // Skipped, not waited for: the sweep returns at once without this robot.
                assertEquals(0, CompletableFuture.supplyAsync(deadline::sweep).get(5, TimeUnit.SECONDS));
            } finally {
                release.countDown();
            }
            holder.get(10, TimeUnit.SECONDS);
        }
        // The real result is applied first; the deadline then finds nothing to do.
        awaitProcessed(robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serialNo(), json.createObjectNode()));
        assertEquals(0, deadline.sweep());
        assertEquals(0, getRobot().path("nState").asInt());
        assertEquals(0, failedByDeadline());
    }
}

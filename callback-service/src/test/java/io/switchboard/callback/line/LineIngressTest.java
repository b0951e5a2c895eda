package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.await;
import static io.switchboard.callback.line.LineTestSupport.awaitEvent;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.bean;
import static io.switchboard.callback.line.LineTestSupport.command;
import static io.switchboard.callback.line.LineTestSupport.eventsForRobot;
import static io.switchboard.callback.line.LineTestSupport.eventsForSerial;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.loginParams;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static io.switchboard.callback.line.LineTestSupport.robotOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.callback.presence.RobotOfflineSweeper;
import io.switchboard.callback.presence.RobotPresence;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Presence;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.LineFixtures;
import io.switchboard.sim.line.LineSigner;
import io.switchboard.sim.line.Reply;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device's callbacks (LineProtocol/*, robot/get-phone-code), posted by the real LINE device simulator. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineIngressTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectMapper json;
    @Inject
    RedisDataSource redis;
    @Inject
    SecretCipher cipher;

    private LineDeviceSimulator simulator(Device d) {
        return d.simulator(base.toString());
    }

    @Test
    void loginSuccessWithTheSeedSampleSucceedsTheCommandAndEncryptsTheCache() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        String serial = publishCommand(d, robot, "login", loginParams("8613808458584", null));
        awaitStatus(serial, CommandStatus.PENDING);
        try (LineDeviceSimulator device = simulator(d)) {
            Reply reply = device.loginSuccess(serial, robot, "8613808458584");
            assertEquals(200, reply.status(), reply.toString());
            assertTrue(reply.success());
            assertEquals("", reply.message());
        }
        CommandRecord c = awaitStatus(serial, CommandStatus.SUCCEEDED);
        assertNotNull(c.completedAt);
        assertNull(c.contentEnc);
        assertTrue(c.result.contains("u4746b91aa7db77ea2fc3af1a9a8faed5"), c.result);

        JsonNode event = awaitEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, e -> serial.equals(e.path("serialNo").asText()));
        assertEquals(d.merchantId(), event.path("merchantId").asText());
        assertEquals(robot, event.path("robotSerialNo").asText());
        JsonNode data = event.path("data");
        assertEquals("liu_liu", data.path("username").asText());
        assertEquals("8613808458584", data.path("phone").asText());
        assertEquals("86", data.path("countryCode").asText());
        assertEquals("u4746b91aa7db77ea2fc3af1a9a8faed5", data.path("userId").asText());
        assertEquals("Line2208301500", data.path("appVersion").asText());
        assertEquals("122100.0.1", data.path("dcVersion").asText());
        assertEquals("8.9.2.8685", data.path("lineVersion").asText());
        assertTrue(data.path("headImgUrl").asText().startsWith("http://uc-line.oss-cn-hangzhou.aliyuncs.com/"));
        String plainCache = LineFixtures.json("login-success.json").path("data").path("cache_info").asText();
        assertFalse(event.toString().contains(plainCache.substring(0, 40)), "cache_info must not travel in plaintext");
        assertEquals(plainCache, cipher.decrypt(data.path("cacheInfoEnc").asText(), SecretContexts.robotCacheInfo(robot)));
        assertTrue(data.has("cacheExpiresAt"));
        assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isPresent(), "robot marked present");
    }

    @Test
    void aDuplicateCallbackIsAnsweredTheSameAndAppliedOnce() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        String serial = publishCommand(d, robot, "login", loginParams("8613189639268", null));
        awaitStatus(serial, CommandStatus.PENDING);
        try (LineDeviceSimulator device = simulator(d)) {
            Reply first = device.loginFailure(serial, robot, "8613189639268", "获取个人信息失败");
            Reply second = device.loginFailure(serial, robot, "8613189639268", "获取个人信息失败");
            for (Reply r : List.of(first, second)) {
                assertEquals(200, r.status(), r.toString());
                assertEquals(json.createObjectNode().put("success", true).put("code", "0").put("message", ""), r.body());
            }
        }
        CommandRecord c = awaitStatus(serial, CommandStatus.FAILED);
        assertEquals("获取个人信息失败", c.reason);
        JsonNode event = awaitEvent(EventTypes.ROBOT_LOGIN_FAILED, e -> serial.equals(e.path("serialNo").asText()));
        assertEquals("获取个人信息失败", event.path("data").path("reason").asText());
        assertEquals(-1, event.path("data").path("dcRet").asInt());
        assertEquals("error", event.path("data").path("dcRetMsg").asText());
        assertEquals(1, eventsForSerial(EventTypes.ROBOT_LOGIN_FAILED, serial).size(), "processed once");
    }

    @Test
    void badSignaturesAndUnknownDevicesAreRefused() {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = simulator(d);
             LineDeviceSimulator stranger = new LineDeviceSimulator(base.toString(), id("dev-"), "some-key")) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("device-no", d.deviceNo());
            headers.put("app-version", "Line2301160900");
            headers.put("protocol", "ios");
            String body = "{}";
            Reply wrong = device.postRaw("/LineProtocol/DeviceHeart", headers, body, LineSigner.md5Hex("nonsense"));
            assertRefused(wrong, 401, "sign does not match");
            assertRefused(device.postRaw("/LineProtocol/DeviceHeart", headers, body, null), 401, "sign header is missing");
            // The body is covered: a changed body breaks the signature.
            String sign = LineSigner.sign(headers, body, d.key());
            assertRefused(device.postRaw("/LineProtocol/DeviceHeart", headers, "{ }", sign), 401, "sign");
            // Upper-case hex and the console header order are accepted.
            assertEquals(200, device.postRaw("/LineProtocol/DeviceHeart", headers, body, sign.toUpperCase()).status());
            String console = LineSigner.md5Hex("Line2301160900" + d.deviceNo() + "ios" + body + d.key());
            assertEquals(200, device.postRaw("/LineProtocol/DeviceHeart", headers, body, console).status());

            assertRefused(stranger.deviceHeart(), 403, "not registered");
        }
    }

    @Test
    void malformedBodiesAreRefusedAndChangeNothing() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        String serial = publishCommand(d, robot, "login", loginParams("8613189639268", null));
        awaitStatus(serial, CommandStatus.PENDING);
        try (LineDeviceSimulator device = simulator(d)) {
            assertRefused(device.post("/LineProtocol/RobotLoginFailure", Map.of(), "{\"serial_no\": "), 400,
                    "malformed JSON");
            assertRefused(device.post("/LineProtocol/RobotStatus", Map.of("robot-serial_no", robot), "[1,2]"), 400,
                    "JSON object");
            assertRefused(device.post("/LineProtocol/RobotLoginSuccess", Map.of(), ""), 400, "empty");

            ObjectNode badRetBody = LineFixtures.object("login-failure.json").put("serial_no", serial);
            ((ObjectNode) badRetBody.get("dc_data")).put("RetBody", "{\"__isset\":");
            assertRefused(device.callback("/LineProtocol/RobotLoginFailure", robot, "861", badRetBody), 400, "RetBody");
            ObjectNode noData = LineFixtures.object("login-success.json").put("serial_no", serial);
            noData.put("data", "not an object");
            assertRefused(device.callback("/LineProtocol/RobotLoginSuccess", robot, "861", noData), 400, "data");
            ObjectNode badState = json.createObjectNode().put("state", "banned").put("reason", "x");
            assertRefused(device.callback("/LineProtocol/RobotStatus", robot, "861", badState), 400, "state");
            ObjectNode badLimits = json.createObjectNode().put("state", 3);
            badLimits.putArray("functional_limits").addObject().put("risk_type_code", "many");
            assertRefused(device.callback("/LineProtocol/RobotStatus", robot, "861", badLimits), 400, "risk_type_code");
            assertRefused(device.callback("/robot/get-phone-code", null, "861",
                    json.createObjectNode().put("serial_no", serial).put("step", "later")), 400, "step");
        }
        assertEquals(CommandStatus.PENDING, command(serial).status, "nothing changed");
        assertTrue(eventsForSerial(EventTypes.ROBOT_LOGIN_FAILED, serial).isEmpty());
        assertTrue(eventsForRobot(EventTypes.ROBOT_STATUS_CHANGED, robot).isEmpty());
    }

    @Test
    void unknownActionsAreSaidSo() {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = simulator(d)) {
            assertRefused(device.post("/LineProtocol/Teleport", Map.of(), "{}"), 404, "unknown action");
            assertRefused(device.callback("/LineProtocol/SendMessage", id("robot-"), "861",
                    LineFixtures.object("send-message-image.json")), 404, "no command with serial_no test10007");
            Reply heart = device.deviceHeart();
            assertEquals(json.createObjectNode().put("success", true).put("message", "SUCCESS"), heart.body());
            assertTrue(redis.sortedSet(String.class).zscore(Presence.DEVICES, d.deviceNo()).isPresent());
        }
    }

    @Test
    void getPushContentServesOnlyThisDevicesUnfinishedCommands() {
        Device d = registerDevice(id("mch_"));
        Device other = registerDevice(d.merchantId());
        String serial = publishCommand(d, id("robot-"), "login", loginParams("8613189639268", "Y2FjaGU="));
        awaitStatus(serial, CommandStatus.PENDING);
        try (LineDeviceSimulator device = simulator(d); LineDeviceSimulator intruder = simulator(other)) {
            Reply mine = device.getPushContent(serial);
            assertTrue(mine.success(), mine.toString());
            assertEquals("Y2FjaGU=", mine.body().path("data").path("cache_info").asText());
            assertEquals("abc123456", mine.body().path("data").path("password").asText());
            assertRefused(intruder.getPushContent(serial), 403, "another device");
            assertRefused(device.getPushContent(id("cmd-")), 404, "no command");
        }
    }

    @Test
    void thePhoneCodeIsRequestedThenHandedOutOnce() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        String serial = publishCommand(d, robot, "login", loginParams("8613189639268", null));
        awaitStatus(serial, CommandStatus.PENDING);
        try (LineDeviceSimulator device = simulator(d)) {
            Reply send = device.requestPhoneCode(serial, "8613189639268");
            assertTrue(send.success(), send.toString());
            JsonNode event = awaitEvent(EventTypes.ROBOT_PHONE_CODE_REQUESTED,
                    e -> serial.equals(e.path("serialNo").asText()));
            assertEquals(robot, event.path("robotSerialNo").asText());
            assertEquals(d.merchantId(), event.path("merchantId").asText());
            assertEquals("8613189639268", event.path("data").path("phone").asText());

            Reply early = device.pollPhoneCode(serial, "8613189639268");
            assertEquals(200, early.status());
            assertFalse(early.success());
            assertEquals("no code submitted yet", early.message());

            FakeAccountService.PHONE_CODES.put(robot, "3533");
            Reply got = device.pollPhoneCode(serial, "8613189639268");
            assertTrue(got.success(), got.toString());
            assertEquals("3533", got.body().path("data").path("code").asText());
            assertFalse(device.pollPhoneCode(serial, "8613189639268").success(), "a code is handed out once");
        }
    }

    @Test
    void aSilentRobotIsReportedLostAndThenResumed() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        try (LineDeviceSimulator device = simulator(d)) {
            assertTrue(device.robotHeart(robot, "861").success());
            assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isPresent());
            long old = System.currentTimeMillis() - 600_000;
            redis.sortedSet(String.class).zadd(Presence.ROBOTS, old, robot);

            JsonNode lost = await(() -> {
                bean(RobotOfflineSweeper.class).sweep();
                return eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, robot);
            }, l -> !l.isEmpty(), "robot.heartbeat.lost").get(0);
            assertEquals(d.merchantId(), lost.path("merchantId").asText());
            assertEquals(old, lost.path("data").path("lastHeartbeat").asLong());
            assertNotNull(lostAt(robot), "the lost mark is in PostgreSQL");
            assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isEmpty());
            bean(RobotOfflineSweeper.class).sweep();
            assertEquals(1, eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, robot).size(), "reported once");

            assertTrue(device.robotHeart(robot, "861").success());
            JsonNode resumed = awaitEvent(EventTypes.ROBOT_HEARTBEAT_RESUMED, e -> robot.equals(e.path("robotSerialNo").asText()));
            assertEquals(device.appVersion(), resumed.path("data").path("appVersion").asText());
            assertNull(lostAt(robot));
            assertTrue(device.robotHeart(robot, "861").success());
            assertEquals(1, eventsForRobot(EventTypes.ROBOT_HEARTBEAT_RESUMED, robot).size(), "resumed once");
        }
    }

    @Test
    void aRobotLostBeforeRedisLostItsDataIsReportedResumedByItsNextBeat() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        try (LineDeviceSimulator device = simulator(d)) {
            assertTrue(device.robotHeart(robot, "861").success());
            redis.sortedSet(String.class).zadd(Presence.ROBOTS, System.currentTimeMillis() - 600_000, robot);
            await(() -> {
                bean(RobotOfflineSweeper.class).sweep();
                return eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, robot);
            }, l -> !l.isEmpty(), "robot.heartbeat.lost");

            redis.execute("FLUSHDB"); // what a Redis restart without persistence does, to the tests' own db

            assertTrue(device.robotHeart(robot, "861").success());
            awaitEvent(EventTypes.ROBOT_HEARTBEAT_RESUMED, e -> robot.equals(e.path("robotSerialNo").asText()));
            assertNull(lostAt(robot));
        }
    }

    @Test
    void aRobotThatGoesSilentAfterRedisLostItsDataIsStillReportedLostAndOneThatBeatsIsNot() {
        Device d = registerDevice(id("mch_"));
        String silent = robotOf(d);
        String beating = robotOf(d);
        try (LineDeviceSimulator device = simulator(d)) {
            assertTrue(device.robotHeart(silent, "861").success());
            assertTrue(device.robotHeart(beating, "861").success());
            bean(RobotPresence.class).persist();
            assertNotNull(lastSeenAt(silent), "the beat reached PostgreSQL, coarsely");

            redis.execute("FLUSHDB"); // what a Redis restart without persistence does, to the tests' own db
            // Both last beats are older than robot-offline-after as far as PostgreSQL knows.
            long old = System.currentTimeMillis() - 600_000;
            for (String robot : List.of(silent, beating)) {
                QuarkusTransaction.requiringNew().run(() -> bean(jakarta.persistence.EntityManager.class)
                        .createNativeQuery("update robot_link set last_seen_at = ?1 where robot_serial_no = ?2")
                        .setParameter(1, java.time.Instant.ofEpochMilli(old)).setParameter(2, robot).executeUpdate());
            }
            assertTrue(device.robotHeart(beating, "861").success()); // only this one beats after the flush

            JsonNode lost = await(() -> {
                bean(RobotOfflineSweeper.class).sweep();
                return eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, silent);
            }, l -> !l.isEmpty(), "robot.heartbeat.lost after Redis lost the beats").get(0);
            assertEquals(d.merchantId(), lost.path("merchantId").asText());
            assertEquals(old, lost.path("data").path("lastHeartbeat").asLong());
            assertNotNull(lostAt(silent));
            bean(RobotOfflineSweeper.class).sweep();
            assertEquals(1, eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, silent).size(), "reported once");
            assertTrue(eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, beating).isEmpty(), "a beating robot is not lost");
            assertNull(lostAt(beating));

            assertTrue(device.robotHeart(silent, "861").success());
            awaitEvent(EventTypes.ROBOT_HEARTBEAT_RESUMED, e -> silent.equals(e.path("robotSerialNo").asText()));
        }
    }

    @Test
    void aLoggedOutRobotIsNeverReportedLostFromPostgreSql() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        try (LineDeviceSimulator device = simulator(d)) {
            assertTrue(device.robotHeart(robot, "861").success());
            bean(RobotPresence.class).persist();
            assertNotNull(lastSeenAt(robot));
            assertTrue(device.robotHeart(robot, "861").success()); // gathered, not yet written
            assertTrue(device.logout(robot, "861", null).success());
            bean(RobotPresence.class).persist();
            assertNull(lastSeenAt(robot), "a logout clears last_seen_at and a pending beat does not set it again");
        }
    }

    @Test
    void aDeviceCannotReportForAnotherMerchantsRobotNorForAMadeUpOne() {
        Device mine = registerDevice(id("mch_"));
        Device theirs = registerDevice(id("mch_"));
        String victim = robotOf(theirs);
        String madeUp = id("robot-ghost-");
        try (LineDeviceSimulator attacker = simulator(mine); LineDeviceSimulator owner = simulator(theirs)) {
            for (String robot : List.of(victim, madeUp)) {
                assertRefused(attacker.robotHeart(robot, "861"), 403, "not a robot of this merchant");
                assertRefused(attacker.logout(robot, "861", null), 403, "not a robot of this merchant");
                assertRefused(attacker.robotStatus(robot, "861", 2, "banned", List.of()), 403, "not a robot of this merchant");
                assertRefused(attacker.refreshToken(robot, "861", null), 403, "not a robot of this merchant");
                assertRefused(attacker.receiveMessage(robot, "861", id("m-"), "u-1", "u-2", null, "text", "hi", 1L),
                        403, "not a robot of this merchant");
                assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isEmpty(),
                        "nothing written to Redis for " + robot);
            }
            assertTrue(eventsForRobot(EventTypes.ROBOT_LOGGED_OUT, victim).isEmpty());
            assertTrue(eventsForRobot(EventTypes.ROBOT_STATUS_CHANGED, victim).isEmpty());
            assertTrue(eventsForRobot(EventTypes.MESSAGE_RECEIVED, victim).isEmpty());
            // The robot's own merchant's device is still served.
            assertTrue(owner.robotHeart(victim, "861").success());
            assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, victim).isPresent());
        }
    }

    @Test
    void anIncomingMessageBecomesMessageReceivedOnceAndAMalformedOneIsRefused() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        try (LineDeviceSimulator device = simulator(d)) {
            String msg = id("msg-");
            assertTrue(device.receiveMessage(robot, "861", msg, "u-friend", "u-robot", "g-1", "image",
                    "https://example.com/a.jpg", 1767294245000L).success());
            // A device retrying the same callback is answered the same and counted once.
            assertTrue(device.receiveMessage(robot, "861", msg, "u-friend", "u-robot", "g-1", "image",
                    "https://example.com/a.jpg", 1767294245000L).success());
            JsonNode e = awaitEvent(EventTypes.MESSAGE_RECEIVED, n -> robot.equals(n.path("robotSerialNo").asText()));
            JsonNode data = e.path("data");
            assertEquals(d.merchantId(), e.path("merchantId").asText());
            assertEquals("LINE_DEVICE", data.path("protocol").asText());
            assertEquals(msg, data.path("messageId").asText());
            assertEquals("u-friend", data.path("fromUserId").asText());
            assertEquals("g-1", data.path("groupId").asText());
            assertEquals(1, data.path("msgType").asInt());
            assertEquals("https://example.com/a.jpg", data.path("content").asText());
            assertEquals(1767294245000L, data.path("sentAt").asLong());
            assertEquals(1, eventsForRobot(EventTypes.MESSAGE_RECEIVED, robot).size());
            // Reported again in other bytes (after the dedup window, or re-serialised): the same messageId, which
            // message-service keeps once (docs/MESSAGING.md).
            assertTrue(device.receiveMessage(robot, "861", msg, "u-friend", "u-robot", "g-1", "image",
                    "https://example.com/a.jpg", 1767294245001L).success());
            List<JsonNode> both = await(() -> eventsForRobot(EventTypes.MESSAGE_RECEIVED, robot), l -> l.size() == 2,
                    "the second report");
            assertEquals(msg, both.get(1).path("data").path("messageId").asText());

            assertRefused(device.callback("/LineProtocol/ReceiveMessage", robot, "861",
                    json.createObjectNode().put("from_user_id", "u").put("msg_type", "text")), 400, "msg_id");
            assertRefused(device.callback("/LineProtocol/ReceiveMessage", robot, "861", json.createObjectNode()
                    .put("msg_id", "m").put("from_user_id", "u").put("msg_type", "text").put("msg_time", "soon")),
                    400, "msg_time");
            assertEquals(2, eventsForRobot(EventTypes.MESSAGE_RECEIVED, robot).size(), "the refused ones added none");
        }
    }

    @Test
    void garbageHeadersAndBodiesAreRefusedBeforeAccountServiceIsAsked() {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        int before = FakeAccountService.CALLS.get();
        for (String deviceNo : List.of("x".repeat(5000), "dev ice", "../../internal/x")) {
            try (LineDeviceSimulator garbage = new LineDeviceSimulator(base.toString(), deviceNo, d.key())) {
                for (int i = 0; i < 30; i++) { // more than the breaker's request volume
                    Reply r = garbage.deviceHeart();
                    assertEquals(400, r.status(), r.toString());
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(Map.of("device-no", d.deviceNo(), "protocol", "LINE"));
        assertRefused(simulator(d).postRaw("/LineProtocol/DeviceHeart", headers, "", "not-an-md5"), 401, "32 hexadecimal");
        assertEquals(before, FakeAccountService.CALLS.get(), "no garbage reached account-service");
        try (LineDeviceSimulator device = simulator(d)) {
            assertTrue(device.deviceHeart().success(), "the breaker did not open: a real device is still served");
            for (String body : List.of("{\"app_version\":\"a\\u0000b\"}", "{\"app_version\":\"a\\u001bb\"}")) {
                assertRefused(device.post("/LineProtocol/RobotHeart", Map.of("robot-serial_no", robot), body),
                        400, "control character");
            }
            for (String body : List.of("{\"app_version\":\"1\"}{}", "{\"app_version\":\"1\"}garbage")) {
                assertRefused(device.post("/LineProtocol/RobotHeart", Map.of("robot-serial_no", robot), body),
                        400, "malformed JSON");
            }
            assertTrue(redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isEmpty(), "nothing was applied");
        }
    }

    private static java.time.Instant lastSeenAt(String robot) {
        return QuarkusTransaction.requiringNew().call(() -> bean(RobotLinks.class).find(robot)
                .map(l -> l.lastSeenAt).orElse(null));
    }

    private static java.time.Instant lostAt(String robot) {
        return QuarkusTransaction.requiringNew().call(() -> bean(RobotLinks.class).find(robot)
                .map(l -> l.lostAt).orElse(null));
    }

    private static void assertRefused(Reply r, int status, String messagePart) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(Boolean.FALSE, r.body().path("success").isBoolean() ? r.body().path("success").asBoolean() : null,
                r.toString());
        assertTrue(r.message().contains(messagePart), "message '" + r.message() + "' should mention " + messagePart);
    }
}

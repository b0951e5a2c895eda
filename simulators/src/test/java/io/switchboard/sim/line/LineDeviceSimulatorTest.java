package io.switchboard.sim.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.line.FakeCallbackService.Answer;
import io.switchboard.sim.line.FakeCallbackService.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineDeviceSimulatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEVICE = "172018006015001";
    static final String KEY = "k3y-sample";
    static final Duration WAIT = Duration.ofSeconds(5);

    FakeCallbackService server;
    LineDeviceSimulator sim;

    @BeforeEach
    void start() throws IOException {
        server = new FakeCallbackService();
        sim = new LineDeviceSimulator(server.baseUrl(), DEVICE, KEY);
    }

    @AfterEach
    void stop() throws IOException {
        sim.close();
        server.close();
    }

    /** The sign the platform must compute: header values in protocol order, then body, then key. */
    static String expectedSign(Request r) {
        StringBuilder s = new StringBuilder();
        for (String name : List.of("device-no", "app-version", "robot-phone", "robot-serial_no", "protocol")) {
            if (r.header(name) != null) {
                s.append(r.header(name));
            }
        }
        return LineSigner.md5Hex(s + r.body() + KEY);
    }

    @Test
    void robotHeartCarriesAllHeadersAndTheMd5sumVectorSign() throws Exception {
        Reply reply = sim.robotHeart("test1", "8613189639268");
        assertTrue(reply.success(), reply.toString());

        Request r = server.nextRequest();
        assertEquals("POST", r.method());
        assertEquals("/LineProtocol/RobotHeart", r.path());
        assertEquals(DEVICE, r.header("device-no"));
        assertEquals("Line2301160900", r.header("app-version"));
        assertEquals("8613189639268", r.header("robot-phone"));
        assertEquals("test1", r.header("robot-serial_no"));
        assertEquals("ios", r.header("protocol"));
        assertTrue(r.header("content-type").startsWith("application/json"));
        assertEquals(LineSignerTest.BODY_HEART, r.body());
        assertEquals(LineSignerTest.md5("robot-heart"), r.header("sign"), "same digest as md5sum");
    }

    @Test
    void deviceHeartHasNoRobotHeaders() throws Exception {
        assertTrue(sim.deviceHeart().success());
        Request r = server.nextRequest();
        assertEquals("/LineProtocol/DeviceHeart", r.path());
        assertNull(r.header("robot-phone"));
        assertNull(r.header("robot-serial_no"));
        assertEquals(LineSignerTest.md5("device-heart"), r.header("sign"));
    }

    @Test
    void phoneCodeStepsAndReply() throws Exception {
        server.replies.put("/robot/get-phone-code", req -> req.body().contains("\"get\"")
                ? new Answer(200, LineFixtures.text("get-phone-code-reply.json"))
                : new Answer(200, "{\"success\":true,\"message\":\"\"}"));
        sim.requestPhoneCode("test1", "8613189639268");
        Request send = server.nextRequest();
        assertEquals(LineFixtures.json("get-phone-code-send.json"), JSON.readTree(send.body()));
        assertEquals(LineSignerTest.md5("phone-code-send"), send.header("sign"));

        Reply code = sim.pollPhoneCode("test1", "8613189639268");
        assertEquals("3533", code.body().path("data").path("code").asText());
        assertEquals("get", JSON.readTree(server.nextRequest().body()).path("step").asText());
    }

    @Test
    void loginSuccessIsTheSeedPayloadWithSerialAndPhoneReplaced() throws Exception {
        sim.loginSuccess("SER-1", "ROBOT-1", "8613800000000");
        Request r = server.nextRequest();
        assertEquals("/LineProtocol/RobotLoginSuccess", r.path());
        assertEquals("ROBOT-1", r.header("robot-serial_no"));
        assertEquals(expectedSign(r), r.header("sign"));
        JsonNode body = JSON.readTree(r.body());
        assertEquals("SER-1", body.path("serial_no").asText());
        assertEquals("SER-1", body.path("data").path("serial_no").asText());
        assertEquals("8613800000000", body.path("data").path("phone").asText());
        assertEquals("liu_liu", body.path("data").path("username").asText());
        assertEquals(LineFixtures.json("login-success.json").path("dc_data"), body.path("dc_data"));
    }

    @Test
    void loginFailureLogoutRefreshAndStatusBodies() throws Exception {
        sim.loginFailure("SER-2", "ROBOT-2", "8613800000001", "密码错误");
        JsonNode failure = JSON.readTree(server.nextRequest().body());
        assertEquals("密码错误", failure.path("message").asText());
        assertFalse(failure.path("success").asBoolean(true));
        assertEquals("SER-2", failure.path("data").path("serial_no").asText());

        sim.logout("ROBOT-2", "8613800000001", null);
        Request logout = server.nextRequest();
        assertEquals("/LineProtocol/Logout", logout.path());
        assertEquals("", JSON.readTree(logout.body()).path("serial_no").asText("missing"));

        sim.refreshToken("ROBOT-2", "8613800000001", "bmV3LWNhY2hl");
        Request refresh = server.nextRequest();
        assertEquals("/LineProtocol/RefreshToken", refresh.path());
        assertEquals("bmV3LWNhY2hl", JSON.readTree(refresh.body()).path("data").path("cache_info").asText());

        sim.robotStatus("ROBOT-2", "8613800000001", 3, "limited",
                List.of(new LineDeviceSimulator.FunctionalLimit(1, "不能加好友")));
        Request status = server.nextRequest();
        assertEquals("/LineProtocol/RobotStatus", status.path());
        assertEquals(JSON.readTree("{\"state\":3,\"reason\":\"limited\",\"functional_limits\":"
                + "[{\"risk_type_code\":1,\"risk_type_desc\":\"不能加好友\"}]}"), JSON.readTree(status.body()));
        assertEquals(expectedSign(status), status.header("sign"));
    }

    @Test
    void postRawSendsWhatItIsGivenAndReportsTheStatus() throws Exception {
        server.replies.put("/LineProtocol/DeviceHeart",
                req -> new Answer(401, "{\"success\":false,\"message\":\"bad sign\"}"));
        Reply reply = sim.postRaw("/LineProtocol/DeviceHeart",
                Map.of("device-no", DEVICE, "app-version", "Line2301160900", "protocol", "ios"), "{}", "0000");
        assertEquals(401, reply.status());
        assertFalse(reply.success());
        assertEquals("bad sign", reply.message());
        assertEquals("0000", server.nextRequest().header("sign"));
    }

    @Test
    void pushHandshakeIsSignedAndCommandsAreQueuedInOrder() throws Exception {
        sim.connect();
        assertTrue(sim.isConnected());
        Request hs = server.handshakes.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(hs);
        assertEquals("/LineProtocol/push", hs.path());
        assertEquals(DEVICE, hs.header("device-no"));
        assertEquals("ios", hs.header("protocol"));
        assertEquals(LineSignerTest.md5("push-handshake"), hs.header("sign"));

        server.push(LineFixtures.json("push-send-text-command.json").toString());
        server.push(LineFixtures.json("push-friend-list-command.json").toString());
        PushCommand friends = sim.awaitCommand(10002, WAIT);
        assertNotNull(friends);
        assertEquals("test11221", friends.serialNo());
        PushCommand text = sim.awaitCommand(WAIT);
        assertNotNull(text, "the skipped command stayed queued");
        assertEquals(10007, text.cmd());
        assertEquals("你好呀", text.content().path("data").path(0).path("msg_content").asText());
        assertNull(sim.awaitCommand(Duration.ofMillis(50)));

        sim.disconnect();
        assertFalse(sim.isConnected());
    }

    @Test
    void referencedContentIsFetchedWithGetPushContent() throws Exception {
        server.replies.put("/LineProtocol/GetPushContent",
                req -> new Answer(200, LineFixtures.text("push-content-reply.json")));
        sim.connect();
        server.push(LineFixtures.json("push-login-command-ref.json").toString());

        PushCommand login = sim.awaitCommand(10000, WAIT);
        assertNotNull(login);
        assertEquals(1, login.cmdType());
        assertEquals("yufan", login.content().path("username").asText());
        Request fetch = server.nextRequest();
        assertEquals("/LineProtocol/GetPushContent", fetch.path());
        assertEquals("{\"serial_no\":\"test1\"}", fetch.body());
        assertEquals(expectedSign(fetch), fetch.header("sign"));
    }

    @Test
    void failedContentFetchStillDeliversTheCommand() throws Exception {
        server.replies.put("/LineProtocol/GetPushContent",
                req -> new Answer(404, "{\"success\":false,\"message\":\"unknown serial\"}"));
        sim.connect();
        server.push(LineFixtures.json("push-login-command-ref.json").toString());
        PushCommand login = sim.awaitCommand(10000, WAIT);
        assertNotNull(login);
        assertTrue(login.contentMissing());
        assertEquals(404, login.contentReply().status());
    }

    @Test
    void refusedHandshakeThrowsWithTheStatus() {
        server.handshakeStatus = 401;
        IOException e = assertThrows(IOException.class, sim::connect);
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertFalse(sim.isConnected());
    }

    @Test
    void autopilotPollsForThePhoneCodeThenReportsLoginSuccess() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        server.replies.put("/robot/get-phone-code", req -> !req.body().contains("\"get\"")
                ? new Answer(200, "{\"success\":true,\"message\":\"\"}")
                : polls.incrementAndGet() < 3
                        ? new Answer(200, "{\"success\":false,\"message\":\"no code yet\"}")
                        : new Answer(200, LineFixtures.text("get-phone-code-reply.json")));
        var settings = new DeviceAutopilot.Settings(true, true, Duration.ofMillis(20), 10,
                Duration.ofHours(1), Duration.ofHours(1));
        try (DeviceAutopilot pilot = new DeviceAutopilot(sim, settings, line -> { }).start()) {
            sim.connect();
            String command = LineFixtures.object("push-login-command.json")
                    .put("serial_no", "LOGIN-7").toString().replace("\"is_cache_login\":true", "\"is_cache_login\":false");
            server.push(command);

            assertEquals("send", JSON.readTree(server.nextRequest().body()).path("step").asText());
            for (int i = 0; i < 3; i++) {
                assertEquals("get", JSON.readTree(server.nextRequest().body()).path("step").asText());
            }
            Request success = server.nextRequest();
            assertEquals("/LineProtocol/RobotLoginSuccess", success.path());
            assertEquals("LOGIN-7", JSON.readTree(success.body()).path("serial_no").asText());
            waitUntil(() -> pilot.loggedIn().size() == 1);
            assertEquals("8613189639268", pilot.loggedIn().get(0).phone());

            server.push(LineFixtures.json("push-friend-list-command.json").toString()
                    .replace("8613808458584", "8613189639268"));
            Request friends = server.nextRequest();
            assertEquals("/LineProtocol/GetFriendList", friends.path());
            assertEquals("test11221", JSON.readTree(friends.body()).path("serial_no").asText());
            assertEquals("LOGIN-7", friends.header("robot-serial_no"), "robot serial learned at login");
        }
    }

    /** A cmd 10007 frame with one message, in seed 000's shape. */
    static String sendCommand(String serial, boolean group, String target, String type, String content, long before,
                              long after, boolean withGroupInfo) {
        com.fasterxml.jackson.databind.node.ObjectNode f = LineFixtures.object("push-send-text-command.json")
                .put("serial_no", serial).put("phone", "8613189639268").put("robot_serial_no", "robot-1");
        com.fasterxml.jackson.databind.node.ObjectNode item = (com.fasterxml.jackson.databind.node.ObjectNode)
                f.path("content").path("data").get(0);
        item.put("is_to_group", group).put("to_target_id", target).put("msg_type", type).put("msg_content", content)
                .put("before_sleep_time", before).put("after_sleep_time", after);
        if (!withGroupInfo) {
            item.putNull("group_info");
        }
        return f.toString();
    }

    static DeviceAutopilot.Settings answering() {
        return new DeviceAutopilot.Settings(false, true, Duration.ofMillis(20), 1, Duration.ofHours(1),
                Duration.ofHours(1));
    }

    @Test
    void autopilotSendsMessagesOneAtATimeWithTheirSleepsAndReportsEachAsTheSeedDoes() throws Exception {
        try (DeviceAutopilot pilot = new DeviceAutopilot(sim, answering(), line -> { }).start()) {
            sim.connect();
            long pushed = System.nanoTime();
            server.push(sendCommand("S1", false, "u4286b98e72ef2ebcf6f8a9749b0a20b1", "text", "第一行\n第二行 😀", 300,
                    200, false));
            server.push(sendCommand("S2", true, "c5460d8076d6a442836c0c3a592e31e24", "image",
                    "https://cdn.example/a.png", 0, 0, true));
            Request first = server.nextRequest();
            long firstAfterMs = (System.nanoTime() - pushed) / 1_000_000;
            assertEquals("/LineProtocol/SendMessage", first.path());
            assertEquals("robot-1", first.header("robot-serial_no"));
            assertEquals(expectedSign(first), first.header("sign"));
            JsonNode r1 = JSON.readTree(first.body());
            assertEquals("S1", r1.path("serial_no").asText());
            assertEquals(0, r1.path("dc_data").path("Ret").asInt());
            assertEquals(1, r1.path("data").path("msg_num").asInt());
            assertEquals(1, r1.path("data").path("queueCount").asInt(), "S2 waited behind S1");
            assertFalse(r1.path("data").has("group_info"), "a person's message has no group_info");
            assertTrue(firstAfterMs >= 300, "before_sleep_time 300 ms, sent after " + firstAfterMs);

            Request second = server.nextRequest();
            JsonNode r2 = JSON.readTree(second.body());
            assertEquals("S2", r2.path("serial_no").asText());
            assertEquals(0, r2.path("data").path("queueCount").asInt());
            assertEquals(LineFixtures.json("push-send-text-command.json").path("content").path("data").get(0)
                    .path("group_info"), r2.path("data").path("group_info"), "the group_info it was given");

            List<io.switchboard.sim.SentMessage> sent = sim.awaitMessages(2, WAIT);
            assertEquals("text", sent.get(0).type());
            assertEquals("第一行\n第二行 😀", sent.get(0).content());
            assertFalse(sent.get(0).group());
            assertEquals("S1", sent.get(0).serialNo());
            assertEquals("image", sent.get(1).type());
            assertTrue(sent.get(1).group());
            long gapMs = Duration.between(sent.get(0).at(), sent.get(1).at()).toMillis();
            assertTrue(gapMs >= 200, "after_sleep_time 200 ms before the next message, gap " + gapMs);
            // The frames are kept too, with their arrival times.
            PushCommand c1 = sim.awaitCommand(WAIT);
            PushCommand c2 = sim.awaitCommand(WAIT);
            assertEquals("S1", c1.serialNo());
            assertFalse(c2.receivedAt().isBefore(c1.receivedAt()));
        }
    }

    @Test
    void aGroupMessageWithoutGroupInfoComesBackWithTheDevicesOwn() throws Exception {
        try (DeviceAutopilot pilot = new DeviceAutopilot(sim, answering(), line -> { }).start()) {
            sim.connect();
            server.push(sendCommand("S3", true, "cgroup1", "text", "hi", 0, 0, false));
            JsonNode r = JSON.readTree(server.nextRequest().body());
            assertEquals(DeviceAutopilot.groupInfoOf("cgroup1"), r.path("data").path("group_info"));
            assertEquals("cgroup1", r.path("data").path("group_info").path("group_id").asText());
        }
    }

    @Test
    void sendFaultsAndMalformedContentAreAnsweredAsFailures() throws Exception {
        try (DeviceAutopilot pilot = new DeviceAutopilot(sim, answering(), line -> { }).start()) {
            sim.connect();
            pilot.failNextSend(1, 7, "发送太频繁");
            server.push(sendCommand("F1", false, "u1", "text", "hi", 0, 0, false));
            JsonNode failed = JSON.readTree(server.nextRequest().body());
            assertEquals(7, failed.path("dc_data").path("Ret").asInt());
            assertEquals("发送太频繁", failed.path("dc_data").path("RetMsg").asText());
            assertFalse(failed.path("success").asBoolean());

            server.push(sendCommand("F2", false, "u1", "sticker", "x", 0, 0, false));
            JsonNode wrong = JSON.readTree(server.nextRequest().body());
            assertEquals(-1, wrong.path("dc_data").path("Ret").asInt());
            assertTrue(wrong.path("dc_data").path("RetMsg").asText().contains("msg_type"), wrong.toString());

            pilot.swallowNextSend(1);
            server.push(sendCommand("F3", false, "u1", "text", "lost", 0, 0, false));
            server.push(sendCommand("F4", false, "u1", "text", "ok", 0, 0, false));
            JsonNode ok = JSON.readTree(server.nextRequest().body());
            assertEquals("F4", ok.path("serial_no").asText(), "F3 was swallowed");
            assertEquals(0, ok.path("dc_data").path("Ret").asInt());
            assertEquals(1, sim.messages().size(), "only F4 was sent");
            assertEquals("ok", sim.messages().get(0).content());
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(10);
        }
    }
}

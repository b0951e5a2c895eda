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

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(10);
        }
    }
}

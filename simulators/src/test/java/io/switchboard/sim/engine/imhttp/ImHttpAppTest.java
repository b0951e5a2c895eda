package io.switchboard.sim.engine.imhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Pushed;
import io.switchboard.sim.engine.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImHttpAppTest {

    private static final Set<String> STATEFUL = Set.of("login.exportLogin", "login.exportLogout",
            "user.getUserSingleInfo", "user.connectionState");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WsClient.WAIT).build();
    private ImHttpApp app;

    @BeforeEach
    void start() {
        app = ImHttpApp.start(0, "/api");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> post(String uri, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(app.url(), body instanceof String s ? s : WsClient.JSON.writeValueAsString(body),
                WsClient.WAIT);
        assertEquals(200, r.statusCode(), r.body());
        return WsClient.JSON.readTree(r.body());
    }

    private static ObjectNode request(String module, String method) {
        ObjectNode b = WsClient.JSON.createObjectNode();
        b.put("__SERVER_ROUTE_MODULE", module);
        b.put("__SERVER_ROUTE_METHOD", method);
        return b;
    }

    private void login() throws IOException, InterruptedException {
        assertEquals(200, call(request("login", "init")).get("code").asInt());
        JsonNode login = call(request("login", "exportLogin").put("password", "1111111111").put("loginType", "text"));
        assertEquals(200, login.get("code").asInt(), login.toString());
        assertEquals(-2, login.get("data").get("value").asInt());
    }

    @Test
    void everySeedMethodAnswersItsSeedResponse() throws Exception {
        login();
        JsonNode methods = EngineFixtures.load(EngineFixtures.IM_HTTP_METHODS).get("methods");
        assertEquals(199, methods.size());
        int checked = 0;
        for (JsonNode m : methods) {
            String name = m.get("module").asText() + "." + m.get("method").asText();
            if (STATEFUL.contains(name)) {
                continue;
            }
            JsonNode reply = call(m.get("request"));
            if (ImHttpApp.SEND_METHODS.containsKey(name)) {
                // A send answers the seed's record made to agree with it: the same fields, a fresh msg_id.
                JsonNode seed = m.get("response").get("data");
                JsonNode got = reply.get("data");
                assertEquals(200, reply.get("code").asInt(), name + ": " + reply);
                assertEquals(seed.isArray(), got.isArray(), name);
                assertEquals(fieldNames(seed.isArray() ? seed.get(0) : seed), fieldNames(got.isArray() ? got.get(0) : got),
                        name);
                checked++;
                continue;
            }
            assertEquals(m.get("response"), reply, name);
            checked++;
        }
        assertEquals(195, checked);
        assertTrue(app.loggedIn());
        assertEquals(199 - 4 + 2, app.received().size());
    }

    private static java.util.TreeSet<String> fieldNames(JsonNode n) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode send(String method, String cid, int conversationType, String pub) {
        return request("chat", method).put("cnd", cid).put("cid", cid).put("conversationType", conversationType)
                .put("pub", pub);
    }

    @Test
    void sendsAnswerAFreshRecordAndAreRecorded() throws Exception {
        login();
        JsonNode text = call(send("sendTextMessage", "FriendNode", 0, "curve-key").put("text", "第一行\n第二行"));
        assertEquals(200, text.get("code").asInt(), text.toString());
        JsonNode record = text.get("data").get(0);
        assertEquals("FriendNode", record.get("rs_id").asText());
        assertEquals(1, record.get("msg_type").asInt());
        assertEquals("第一行\n第二行", WsClient.JSON.readTree(record.get("msg_cry").asText()).get("text").asText());
        JsonNode card = call(send("sendCardMessage", "GroupNode", 1, "").put("contactId", "OtherNode"));
        assertEquals(10, card.get("data").get("msg_type").asInt());
        assertEquals(ImHttpApp.RS_TYPE_GROUP, card.get("data").get("rs_type").asInt());
        assertNotEquals(record.get("msg_id").asText(), card.get("data").get("msg_id").asText());
        JsonNode file = call(send("sendFileMessage", "FriendNode", 0, "curve-key").put("filePath",
                "https://cdn.example/report.pdf"));
        assertEquals(5, file.get("data").get("msg_type").asInt());
        var sent = app.awaitMessages(3, WsClient.WAIT);
        assertEquals(List.of("text", "contact", "file"), sent.stream().map(m -> m.type()).toList());
        assertEquals(List.of(false, true, false), sent.stream().map(m -> m.group()).toList());
        assertEquals("OtherNode", sent.get(1).content());
        assertEquals(record.get("msg_id").asText(), sent.get(0).messageId());
        // A single chat needs the friend's key; conversationType is 0 or 1.
        assertEquals(ImHttpApp.BAD_PARAMETERS, call(send("sendTextMessage", "FriendNode", 0, "").put("text", "x"))
                .get("code").asInt());
        assertEquals(ImHttpApp.BAD_PARAMETERS, call(send("sendTextMessage", "FriendNode", 2, "k").put("text", "x"))
                .get("code").asInt());
        assertEquals(3, app.messages().size());
    }

    @Test
    void imageAndVideoSendsTakeTheSeedsSecondStepOverThePushSocket() throws Exception {
        try (WsClient push = WsClient.connect(app.pushUrl())) {
            app.awaitConnections(1, WsClient.WAIT);
            login();
            JsonNode image = call(send("sendImageMessage", "FriendNode", 0, "curve-key")
                    .put("filePath", "https://cdn.example/a.png").put("originalFilePath", "").put("checkBoxSelected", false));
            String msgId = image.get("data").get("msg_id").asText();
            assertEquals(0, image.get("data").get("msg_is_send").asInt(), "still sending");
            JsonNode hash = push.nextJson();
            assertEquals(ImHttpApp.FILE_HASH, hash.get("type").asText());
            assertEquals(msgId, hash.get("data").get("msg_id").asText());
            assertTrue(app.messages().isEmpty(), "not sent before the second step");

            push.send(Map.of("hash", hash.get("data").get("hash").asText(), "data", "C:\\elsewhere.jpeg", "type", 0));
            JsonNode wrong = push.nextJson();
            assertEquals(ImHttpApp.FILE_HASH_RESULT, wrong.get("type").asText());
            assertEquals(ImHttpApp.FILE_INFO_FAILED, wrong.get("data").get("code").asInt());

            push.send(Map.of("hash", hash.get("data").get("hash").asText(), "data",
                    hash.get("data").get("localPath").asText(), "type", 0));
            JsonNode done = push.nextJson();
            assertEquals(200, done.get("data").get("code").asInt(), done.toString());
            assertEquals(hash.get("data").get("hash").asText(), done.get("data").get("hash").asText());
            var sent = app.awaitMessages(1, WsClient.WAIT).get(0);
            assertEquals("image", sent.type());
            assertEquals(msgId, sent.messageId());
            assertEquals("https://cdn.example/a.png", sent.content());
            assertEquals(ImHttpApp.SECOND_STEP, app.received().getLast().command());

            // A fault on the second step answers its result with the code.
            JsonNode video = call(send("sendVideoMessage", "GroupNode", 1, "").put("filePath", "https://cdn.example/v.mp4")
                    .put("second", 0));
            JsonNode vhash = push.nextJson().get("data");
            assertEquals(video.get("data").get("msg_id").asText(), vhash.get("msg_id").asText());
            app.failNext(ImHttpApp.SECOND_STEP, 20085, "用户云存储空间不足");
            push.send(Map.of("hash", vhash.get("hash").asText(), "data", vhash.get("localPath").asText(), "type", 0));
            JsonNode full = push.nextJson().get("data");
            assertEquals(20085, full.get("code").asInt());
            assertEquals("用户云存储空间不足", full.get("message").asText());
            assertEquals(1, app.messages().size());
        }
    }

    @Test
    void failNextSendAndMediaPushes() throws Exception {
        try (WsClient push = WsClient.connect(app.pushUrl())) {
            app.awaitConnections(1, WsClient.WAIT);
            login();
            app.failNextSend(1, 20085, "用户云存储空间不足");
            assertEquals(200, call(request("user", "connectionState")).get("code").asInt(), "not a send");
            JsonNode failed = call(send("sendFileMessage", "FriendNode", 0, "k").put("filePath", "https://x/y.zip"));
            assertEquals(20085, failed.get("code").asInt());
            assertTrue(app.messages().isEmpty());

            assertEquals(200, call(request("socketEvent", "addReceive").put("identifier", "addReceive")).get("code").asInt());
            Pushed pushed = app.pushIncomingMedia(new IncomingMedia("AbcNode", "G1", "audio",
                    "https://cdn.example/voice.m4a", "voice.m4a"));
            JsonNode d = push.nextJson().get("data");
            assertEquals(pushed.messageId(), d.get("msg_id").asText());
            assertEquals(3, d.get("msg_type").asInt());
            assertEquals("G1", d.get("rs_id").asText());
            JsonNode cry = WsClient.JSON.readTree(d.get("msg_cry").asText());
            assertEquals("https://cdn.example/voice.m4a", cry.get("url").asText());
            assertEquals("voice.m4a", cry.get("name").asText());
            assertEquals(1, app.pushAgain(pushed.messageId()));
            assertEquals(d, push.nextJson().get("data"));
        }
    }

    @Test
    void loginLogoutAndProfile() throws Exception {
        JsonNode early = call(request("user", "getUserSingleInfo"));
        assertEquals(ImHttpApp.NOT_LOGGED_IN, early.get("code").asInt());
        assertEquals("未登录", early.get("message").asText());

        JsonNode wrong = call(request("login", "exportLogin").put("password", "nope").put("loginType", "text"));
        assertEquals(ImHttpApp.WRONG_PASSWORD, wrong.get("code").asInt());
        assertEquals("密码错误", wrong.get("message").asText());
        assertFalse(app.loggedIn());

        app.profile("uid-1", "Robot", "NodeAddr");
        login();
        JsonNode user = call(request("user", "getUserSingleInfo"));
        assertEquals(200, user.get("code").asInt());
        assertEquals("uid-1", user.get("data").get("u_id").asText());
        assertEquals("Robot", user.get("data").get("u_nick").asText());
        assertEquals(1, call(request("user", "connectionState")).get("data").get("value").asInt());
        app.nodeState(2);
        assertEquals(2, call(request("user", "connectionState")).get("data").get("value").asInt());

        JsonNode out = call(request("login", "exportLogout"));
        assertTrue(out.get("data").get("status").asBoolean());
        assertFalse(app.loggedIn());
        assertFalse(call(request("login", "exportLogout")).get("data").get("status").asBoolean());
        assertEquals("login.exportLogout", app.received().getLast().command());
        assertEquals("login", app.received().getLast().kind());
    }

    @Test
    void badRequests() throws Exception {
        JsonNode unknown = call(request("login", "teleport"));
        assertEquals(ImHttpApp.NOT_IMPLEMENTED, unknown.get("code").asInt());
        assertTrue(unknown.has("message") && unknown.has("data"));
        login();
        JsonNode missing = call(request("chat", "sendTextMessage").put("cnd", "x"));
        assertEquals(ImHttpApp.PARAMETER_NULL, missing.get("code").asInt());
        assertTrue(missing.get("message").asText().contains("cid"), missing.toString());
        assertEquals(ImHttpApp.BAD_PARAMETERS, call("not json").get("code").asInt());
        assertEquals(ImHttpApp.BAD_PARAMETERS, call("{}").get("code").asInt());
        assertEquals(404, post(app.url().replace("/api", "/other"), "{}", WsClient.WAIT).statusCode());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(app.url())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    void pushesFlowOnlyAfterTheirListenerIsRegistered() throws Exception {
        try (WsClient push = WsClient.connect(app.pushUrl())) {
            app.awaitConnections(1, WsClient.WAIT);
            login();
            assertEquals(0, app.pushIncomingText(IncomingText.direct("hello")).delivered());
            assertEquals(200, call(request("socketEvent", "addReceive").put("identifier", "addReceive"))
                    .get("code").asInt());
            assertEquals(Set.of("addReceive"), app.listeners());
            Pushed pushed = app.pushIncomingText(IncomingText.direct("AbcNode", "hello"));
            assertEquals(1, pushed.delivered());
            String id = pushed.messageId();
            // The first frame is this one: the push before the registration never went out.
            JsonNode frame = push.nextJson();
            assertEquals("receive", frame.get("type").asText());
            JsonNode d = frame.get("data");
            assertEquals(id, d.get("msg_id").asText());
            assertEquals("AbcNode", d.get("c_nd_add").asText());
            assertEquals("AbcNode", d.get("cid").asText());
            assertEquals(ImHttpApp.RS_TYPE_PERSON, d.get("rs_type").asInt());
            assertEquals(1, d.get("msg_type").asInt());
            assertEquals("hello", WsClient.JSON.readTree(d.get("msg_cry").asText()).get("text").asText());
            assertTrue(d.get("created_time").isIntegralNumber());

            app.pushIncomingText(IncomingText.inGroup("G1", "AbcNode", "hi"));
            JsonNode g = push.nextJson().get("data");
            assertEquals("G1", g.get("cid").asText());
            assertEquals(ImHttpApp.RS_TYPE_GROUP, g.get("rs_type").asInt());

            assertEquals(0, app.pushEvent("group", Map.of("g_id", "G1")));
            assertEquals(1, app.pushLogout("kicked"));
            JsonNode logout = push.nextJson();
            assertEquals("loginState", logout.get("type").asText());
            assertEquals("logout", logout.get("data").get("state").asText());
            assertEquals("kicked", logout.get("data").get("reason").asText());
            assertFalse(app.loggedIn());
            assertTrue(app.listeners().isEmpty());
        }
    }

    @Test
    void faults() throws Exception {
        login();
        app.failNext("user.getUserSingleInfo", 20016, "获取用户信息出错");
        JsonNode err = call(request("user", "getUserSingleInfo"));
        assertEquals(20016, err.get("code").asInt());
        assertEquals("获取用户信息出错", err.get("message").asText());
        assertTrue(err.has("data"));

        app.failNextHttp("user", 1, 503);
        assertEquals(503, post(app.url(), request("user", "connectionState").toString(), WsClient.WAIT).statusCode());

        app.garbageNext("*", 1);
        String garbage = post(app.url(), request("user", "connectionState").toString(), WsClient.WAIT).body();
        assertThrows(Exception.class, () -> WsClient.JSON.readTree(garbage));

        assertThrows(UnsupportedOperationException.class, () -> app.unknownIdNext("*", 1));

        app.swallowNext("user.connectionState", 1);
        assertThrows(HttpTimeoutException.class,
                () -> post(app.url(), request("user", "connectionState").toString(), Duration.ofMillis(300)));
        assertEquals(200, call(request("user", "connectionState")).get("code").asInt());

        app.delayReplies(Duration.ofMillis(300));
        long start = System.nanoTime();
        call(request("user", "connectionState"));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
    }

    @Test
    void engineDownRefusesHttpAndPushSocket() throws Exception {
        try (WsClient push = WsClient.connect(app.pushUrl())) {
            app.awaitConnections(1, WsClient.WAIT); // connect returns on the 101, before the app counts the socket
            app.refuseConnections(true);
            assertEquals(1001, push.awaitClosed());
            // Refused: ConnectException, or rarely an IOException when a port from the ephemeral range
            // self-connects (WsClient.refused).
            assertThrows(IOException.class, () -> post(app.url(), "{}", WsClient.WAIT));
            assertTrue(WsClient.refused(WsClient.connectFailure(app.pushUrl())));
            app.refuseConnections(false);
            assertEquals(200, call(request("login", "init")).get("code").asInt());
        }
    }

    @Test
    void dropClosesPushSocketsAndSwallowedExchanges() throws Exception {
        try (WsClient push = WsClient.connect(app.pushUrl())) {
            app.awaitConnections(1, WsClient.WAIT);
            app.silence(true);
            var pending = http.sendAsync(HttpRequest.newBuilder(URI.create(app.url())).timeout(WsClient.WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString(request("login", "init").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            app.awaitReceived("login.init", WsClient.WAIT);
            assertTrue(app.dropConnections() >= 2);
            assertEquals(1001, push.awaitClosed());
            Throwable failure = assertThrows(Exception.class, pending::join).getCause();
            assertTrue(failure instanceof IOException && !(failure instanceof HttpTimeoutException),
                    String.valueOf(failure));
            app.silence(false);
            assertNull(app.received().getFirst().id());
        }
    }
}

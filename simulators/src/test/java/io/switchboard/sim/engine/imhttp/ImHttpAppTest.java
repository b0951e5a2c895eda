package io.switchboard.sim.engine.imhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.engine.EngineFixtures;
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
            assertEquals(m.get("response"), reply, name);
            checked++;
        }
        assertEquals(195, checked);
        assertTrue(app.loggedIn());
        assertEquals(199 - 4 + 2, app.received().size());
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

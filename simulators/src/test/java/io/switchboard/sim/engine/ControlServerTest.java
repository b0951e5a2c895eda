package io.switchboard.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LineWsEngine engine;
    private ControlServer control;
    private WsClient client;

    @BeforeEach
    void start() throws Exception {
        engine = LineWsEngine.start(0);
        control = ControlServer.start(engine, "127.0.0.1", 0);
        client = WsClient.connect(engine.url());
        engine.awaitConnections(1, WsClient.WAIT);
    }

    @AfterEach
    void stop() {
        client.close();
        control.close();
        engine.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(control.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return WsClient.JSON.readTree(r.body());
    }

    @Test
    void pushAMessageFromOutside() throws Exception {
        JsonNode r = ok(post("/push/message", "{\"from\":\"u7\",\"text\":\"from bin/demo\"}"));
        assertEquals(1, r.get("delivered").asInt());
        JsonNode frame = client.nextJson();
        assertEquals("message", frame.get("event").asText());
        assertEquals(r.get("messageId").asText(), frame.get("data").get("msg_id").asText());
        assertEquals("from bin/demo", frame.get("data").get("text").asText());

        ok(post("/push/logout", "{\"reason\":\"kicked\"}"));
        assertEquals("logout", client.nextJson().get("event").asText());
        ok(post("/push/raw", "garbage!"));
        assertEquals("garbage!", client.next());
    }

    @Test
    void messagesSendFaultsAndMediaFromOutside() throws Exception {
        engine.requireLogin(false);
        ok(post("/fail-send", "{\"code\":429,\"message\":\"slow down\"}"));
        JsonNode failed = client.call(WsClient.JSON.readTree(
                "{\"task_id\":1,\"command\":\"SendText\",\"to\":\"u1\",\"content\":\"a\"}"));
        assertEquals(429, failed.get("code").asInt());
        JsonNode sentReply = client.call(WsClient.JSON.readTree(
                "{\"task_id\":2,\"command\":\"SendText\",\"to\":\"u1\",\"content\":\"b\"}"));
        JsonNode messages = ok(http.send(HttpRequest.newBuilder(URI.create(control.url() + "/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, messages.size());
        assertEquals("b", messages.get(0).get("content").asText());
        assertEquals("text", messages.get(0).get("type").asText());
        assertEquals(sentReply.get("data").get("msg_id").asText(), messages.get(0).get("messageId").asText());

        JsonNode media = ok(post("/push/media", "{\"type\":\"file\",\"group\":\"c1\"}"));
        assertEquals("file", client.nextJson().get("data").get("content_type").asText());
        ok(post("/push/again", "{\"messageId\":\"" + media.get("messageId").asText() + "\"}"));
        assertEquals(media.get("messageId").asText(), client.nextJson().get("data").get("msg_id").asText());
        assertEquals(400, post("/push/media", "{\"type\":\"sticker\"}").statusCode());
        assertEquals(400, post("/push/again", "{\"messageId\":\"nope\"}").statusCode());
    }

    @Test
    void faultsFromOutsideAndTheJournal() throws Exception {
        ok(post("/fail", "{\"command\":\"GetProfile\",\"code\":9,\"message\":\"nope\"}"));
        JsonNode reply = client.call(WsClient.JSON.readTree("{\"task_id\":1,\"command\":\"GetProfile\"}"));
        assertEquals(9, reply.get("code").asInt());
        assertEquals("nope", reply.get("message").asText());

        JsonNode received = ok(http.send(HttpRequest.newBuilder(URI.create(control.url() + "/received?command=GetProfile"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, received.size());
        assertEquals("GetProfile", received.get(0).get("command").asText());
        assertEquals("1", received.get(0).get("id").asText());

        ok(post("/drop", ""));
        assertEquals(1001, client.awaitClosed());
        ok(post("/refuse", "{\"on\":true}"));
        assertTrue(WsClient.refused(WsClient.connectFailure(engine.url())));
        JsonNode status = ok(http.send(HttpRequest.newBuilder(URI.create(control.url() + "/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals("LINE_WS", status.get("protocol").asText());
        assertEquals(0, status.get("connections").asInt());
        ok(post("/refuse", "{\"on\":false}"));
        WsClient.connect(engine.url()).close();
    }

    @Test
    void badInputIs400AndChangesNothing() throws Exception {
        assertEquals(400, post("/fail", "{\"command\":\"GetProfile\"}").statusCode());
        assertEquals(400, post("/fail", "not json").statusCode());
        assertEquals(400, post("/delay", "{\"ms\":-5}").statusCode());
        assertEquals(400, post("/refuse", "{}").statusCode());
        assertEquals(400, post("/push/message", "{\"from\":\"u1\"}").statusCode());
        assertEquals(400, post("/unknown-id", "{\"times\":0}").statusCode());
        assertEquals(400, post("/fail-http", "{\"status\":503}").statusCode());
        assertEquals(404, post("/nowhere", "{}").statusCode());
        assertTrue(engine.pendingFaults().isEmpty());
        // No fault got installed: GetProfile gets its ordinary answer (not logged in yet).
        assertEquals(LineWsEngine.NOT_LOGGED_IN,
                client.call(WsClient.JSON.readTree("{\"task_id\":2,\"command\":\"GetProfile\"}")).get("code").asInt());
    }

    @Test
    void imHttpHasNoCorrelationIdToBreak() throws Exception {
        try (ImHttpApp app = ImHttpApp.start(0); ControlServer c = ControlServer.start(app, "127.0.0.1", 0)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(c.url() + "/unknown-id"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("HTTP exchange"), r.body());
            assertFalse(app.loggedIn());
        }
    }
}

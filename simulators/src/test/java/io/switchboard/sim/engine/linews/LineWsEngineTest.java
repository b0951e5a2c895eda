package io.switchboard.sim.engine.linews;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.SentMessage;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Received;
import io.switchboard.sim.engine.SimulatorTimeoutException;
import io.switchboard.sim.engine.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineWsEngineTest {

    private static final Duration WAIT = WsClient.WAIT;

    private LineWsEngine engine;
    private WsClient client;

    @BeforeEach
    void start() {
        engine = LineWsEngine.start(0).password("aaa");
        client = WsClient.connect(engine.url());
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    /** The seed's own Login example (email aaa@qq.com, password aaa, empty cert). */
    private static ObjectNode seedLogin() {
        return (ObjectNode) seedCommand("Login");
    }

    private static JsonNode seedCommand(String name) {
        for (JsonNode c : EngineFixtures.load(EngineFixtures.LINE_WS_COMMANDS).get("commands")) {
            if (c.get("request").get("command").asText().equals(name)) {
                return c.get("request");
            }
        }
        throw new IllegalArgumentException(name);
    }

    private ObjectNode command(String name, long taskId) {
        ObjectNode c = WsClient.JSON.createObjectNode();
        c.put("task_id", taskId);
        c.put("command", name);
        return c;
    }

    private void loginWithToken() {
        JsonNode reply = client.call(seedCommand("LoginWithToken"));
        assertEquals(0, reply.get("code").asInt(), reply.toString());
    }

    @Test
    void firstEmailLoginPushesPincodeThenRepliesThenPushesCert() {
        client.send(seedLogin());
        JsonNode pincode = client.nextJson();
        assertEquals("pincode", pincode.get("event").asText());
        assertTrue(pincode.get("data").get("pin").asText().matches("\\d{6}"), pincode.toString());
        JsonNode reply = client.nextJson();
        assertEquals("Login", reply.get("command").asText());
        assertEquals(0, reply.get("code").asInt());
        assertFalse(reply.has("task_id"), "the seed's Login has no task_id, so neither has its reply");
        assertEquals(engine.mid(), reply.get("data").get("mid").asText());
        assertEquals("aaa@qq.com", reply.get("data").get("email").asText());
        for (String f : List.of("mid", "displayName", "phone", "email")) {
            assertTrue(reply.get("data").has(f), f);
        }
        JsonNode cert = client.nextJson();
        assertEquals("cert", cert.get("event").asText());
        assertEquals(engine.certOf("aaa@qq.com"), cert.get("data").get("cert").asText());
        assertTrue(engine.loggedIn());

        // The next login with that cert needs no PIN: the reply is the first frame.
        ObjectNode again = seedLogin();
        again.put("cert", cert.get("data").get("cert").asText());
        again.put("task_id", 42);
        JsonNode second = client.call(again);
        assertEquals("Login", second.get("command").asText());
        assertEquals(0, second.get("code").asInt());
        assertEquals(42, second.get("task_id").asInt());
    }

    @Test
    void secretsNeverReachTheLog() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.logTo(lines::add);
        ObjectNode login = seedLogin();
        login.put("password", "aaa");
        client.send(login);
        client.nextJson();
        client.nextJson();
        String cert = client.nextJson().get("data").get("cert").asText();
        engine.awaitReceived("Login", WAIT);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"password\":\"***\"")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"password\":\"aaa\"") || l.contains(cert)),
                lines.toString());
        // The journal keeps what was sent: tests need it.
        assertEquals("aaa", engine.received("Login").get(0).body().get("password").asText());
    }

    @Test
    void wrongPasswordIsAnErrorAndNoPin() {
        ObjectNode login = seedLogin();
        login.put("password", "wrong");
        JsonNode reply = client.call(login);
        assertEquals("Login", reply.get("command").asText());
        assertEquals(LineWsEngine.BAD_CREDENTIALS, reply.get("code").asInt());
        assertEquals("invalid email or password", reply.get("message").asText());
        assertFalse(engine.loggedIn());
    }

    @Test
    void manualPinWaitsForConfirmation() {
        engine.manualPin(true);
        client.send(seedLogin());
        assertEquals("pincode", client.nextJson().get("event").asText());
        assertFalse(engine.loggedIn());
        // Nothing else was sent: the first frame after a GetProfile is its "not logged in" reply.
        assertEquals(LineWsEngine.NOT_LOGGED_IN, client.call(command("GetProfile", 1)).get("code").asInt());
        assertTrue(engine.confirmPin());
        assertEquals("Login", client.nextJson().get("command").asText());
        assertEquals("cert", client.nextJson().get("event").asText());
        assertFalse(engine.confirmPin());
    }

    @Test
    void socks5WithPasswordIsRefused() {
        ObjectNode login = seedLogin();
        login.put("proxy_type", "socks5");
        login.put("proxy_password", "p");
        assertEquals(LineWsEngine.BAD_REQUEST, client.call(login).get("code").asInt());
    }

    @Test
    void loginWithTokenAndProfile() {
        loginWithToken();
        JsonNode profile = client.call(command("GetProfile", 7));
        assertEquals(7, profile.get("task_id").asInt());
        assertEquals("GetProfile", profile.get("command").asText());
        assertEquals(0, profile.get("code").asInt());
        assertEquals("", profile.get("message").asText());
        for (String f : List.of("mid", "displayName", "statusMessage", "pictureUrl", "phone", "userid")) {
            assertTrue(profile.get("data").has(f), f);
        }
        assertEquals("+86adsfasf", profile.get("data").get("phone").asText());

        engine.revokeToken("xxxxx");
        assertEquals(LineWsEngine.BAD_CREDENTIALS, client.call(seedCommand("LoginWithToken")).get("code").asInt());
    }

    @Test
    void everySeedCommandIsAnsweredWithCodeZero() {
        loginWithToken();
        List<String> all = LineWsEngine.commands();
        assertEquals(45, all.size());
        for (JsonNode c : EngineFixtures.load(EngineFixtures.LINE_WS_COMMANDS).get("commands")) {
            JsonNode request = c.get("request");
            String name = request.get("command").asText();
            if (name.startsWith("Login")) {
                continue;
            }
            JsonNode reply = client.call(request);
            if (name.equals("DownloadFile")) { // the seed's "xxxx" names no message this engine pushed
                assertEquals(LineWsEngine.BAD_REQUEST, reply.get("code").asInt(), reply.toString());
                continue;
            }
            assertEquals(name, reply.get("command").asText());
            assertEquals(request.get("task_id").asLong(), reply.get("task_id").asLong(), name);
            assertEquals(0, reply.get("code").asInt(), name + ": " + reply);
            assertTrue(reply.get("data").isObject(), name);
        }
        assertEquals(43, engine.received().stream().filter(r -> !r.command().startsWith("Login")).count());
    }

    private ObjectNode send(String command, long taskId, String to) {
        ObjectNode c = command(command, taskId).put("to", to);
        switch (command) {
            case "SendText" -> c.put("content", "hello\nworld 😀");
            case "SendLocation" -> c.put("title", "Tokyo Tower").put("address", "4-2-8 Shibakoen")
                    .put("latitude", 35.6586).put("longitude", 139.7454);
            case "SendContact" -> c.put("displayName", "Bob").put("contactMidOrVcard", "u77").put("contactIsMid", true);
            case "SendVideo", "SendAudio" -> c.put("path", "https://cdn.example/m.mp4").put("duration", 0);
            default -> c.put("path", "https://cdn.example/a.png");
        }
        return c;
    }

    @Test
    void everySendIsAnsweredWithAMessageIdAndRecordedInOrder() throws Exception {
        loginWithToken();
        List<String> sends = List.of("SendText", "SendImage", "SendVideo", "SendAudio", "SendFile", "SendLocation",
                "SendContact");
        Set<String> ids = new HashSet<>();
        long task = 100;
        for (String name : sends) {
            JsonNode reply = client.call(send(name, ++task, name.equals("SendImage") ? "c1group" : "u1"));
            assertEquals(0, reply.get("code").asInt(), name + ": " + reply);
            assertEquals(task, reply.get("task_id").asLong());
            assertTrue(ids.add(reply.get("data").get("msg_id").asText()), "a fresh msg_id for " + name);
        }
        List<SentMessage> sent = engine.awaitMessages(7, WAIT);
        assertEquals(sends, sent.stream().map(SentMessage::command).toList());
        assertEquals(List.of("text", "image", "video", "audio", "file", "location", "contact"),
                sent.stream().map(SentMessage::type).toList());
        assertEquals("hello\nworld 😀", sent.get(0).content());
        assertEquals("u1", sent.get(0).targetId());
        assertFalse(sent.get(0).group());
        assertTrue(sent.get(1).group(), "c… is a group");
        assertEquals("https://cdn.example/a.png", sent.get(1).content());
        assertEquals(35.6586, WsClient.JSON.readTree(sent.get(5).content()).get("latitude").asDouble());
        for (int i = 1; i < sent.size(); i++) {
            assertEquals(sent.get(i - 1).seq() + 1, sent.get(i).seq());
            assertFalse(sent.get(i).at().isBefore(sent.get(i - 1).at()));
        }
        assertTrue(ids.contains(sent.get(6).messageId()));
        JsonNode empty = client.call(command("SendText", 200).put("to", "u1").put("content", ""));
        assertEquals(LineWsEngine.BAD_REQUEST, empty.get("code").asInt());
        assertEquals(7, engine.messages().size(), "a refused send is not a message");
    }

    @Test
    void failNextSendFailsWhicheverSendComesNext() {
        loginWithToken();
        engine.failNextSend(1, 429, "too many messages");
        assertEquals(0, client.call(command("GetProfile", 1)).get("code").asInt(), "not a send");
        JsonNode failed = client.call(send("SendImage", 2, "u1"));
        assertEquals(429, failed.get("code").asInt());
        assertEquals("too many messages", failed.get("message").asText());
        assertEquals(0, client.call(send("SendText", 3, "u1")).get("code").asInt());
        assertEquals(1, engine.messages().size());
        assertEquals("SendText", engine.messages().get(0).command());
    }

    @Test
    void mediaPushesNameTheMessageAndDownloadFileServesTheFile() throws Exception {
        loginWithToken();
        String id = engine.pushIncomingMedia(IncomingMedia.inGroup("c1", "u9", "image",
                null)).messageId();
        JsonNode d = client.nextJson().get("data");
        assertEquals(id, d.get("msg_id").asText());
        assertEquals("image", d.get("content_type").asText());
        assertEquals("", d.get("text").asText());
        assertEquals("c1", d.get("to").asText());
        JsonNode download = client.call(command("DownloadFile", 9).put("msg_id", id).put("path", "media/" + id));
        assertEquals(0, download.get("code").asInt(), download.toString());
        assertEquals("media/" + id, download.get("data").get("path").asText());
        String url = download.get("data").get("url").asText();
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, file.statusCode());
        assertEquals("image/png", file.headers().firstValue("content-type").orElse(""));
        assertEquals(LineWsEngine.fileBytes(id, "image"), file.body());
        assertEquals(LineWsEngine.BAD_REQUEST,
                client.call(command("DownloadFile", 10).put("msg_id", "404").put("path", "x")).get("code").asInt());
        // Reported twice: the same frame, the same msg_id.
        assertEquals(1, engine.pushAgain(id));
        assertEquals(id, client.nextJson().get("data").get("msg_id").asText());
        assertThrows(IllegalArgumentException.class, () -> engine.pushAgain("never"));
    }

    @Test
    void badRequestsAreErrors() {
        assertEquals(LineWsEngine.NOT_LOGGED_IN, client.call(command("GetProfile", 1)).get("code").asInt());
        loginWithToken();
        JsonNode unknown = client.call(command("Teleport", 2));
        assertEquals(LineWsEngine.UNKNOWN_COMMAND, unknown.get("code").asInt());
        assertEquals(2, unknown.get("task_id").asInt());
        JsonNode missing = client.call(command("SendText", 3).put("to", "u1"));
        assertEquals(LineWsEngine.BAD_REQUEST, missing.get("code").asInt());
        assertEquals("missing field content", missing.get("message").asText());
        ObjectNode wrongType = command("GetContacts", 4);
        wrongType.put("mids", "u1");
        assertEquals(LineWsEngine.BAD_REQUEST, client.call(wrongType).get("code").asInt());
    }

    @Test
    void failNextAnswersErrorsThenNormally() {
        loginWithToken();
        engine.failNext("GetProfile", 2, 77, "engine busy");
        for (int i = 1; i <= 2; i++) {
            JsonNode reply = client.call(command("GetProfile", i));
            assertEquals(77, reply.get("code").asInt());
            assertEquals("engine busy", reply.get("message").asText());
            assertEquals(i, reply.get("task_id").asInt());
        }
        assertEquals(0, client.call(command("GetProfile", 3)).get("code").asInt());
        assertTrue(engine.pendingFaults().isEmpty());
    }

    @Test
    void unknownIdGarbageAndSwallow() {
        loginWithToken();
        engine.unknownIdNext("GetProfile", 1);
        JsonNode misrouted = client.call(command("GetProfile", 5));
        assertEquals("GetProfile", misrouted.get("command").asText());
        assertNotEquals(5, misrouted.get("task_id").asLong());

        engine.garbageNext("*", 1);
        client.send(command("GetProfile", 6));
        String garbage = client.next();
        assertThrows(Exception.class, () -> WsClient.JSON.readTree(garbage));

        engine.swallowNext("GetProfile", 1);
        client.send(command("GetProfile", 7));
        // Replies keep their order on one connection: the first frame answers 8, so 7 got none.
        assertEquals(8, client.call(command("GetSettings", 8)).get("task_id").asInt());
        assertEquals(7, engine.awaitReceived(r -> "7".equals(r.id()), WAIT).body().get("task_id").asInt());
    }

    @Test
    void silenceSwallowsEverythingUntilLifted() {
        loginWithToken();
        engine.silence(true);
        client.send(command("GetProfile", 1));
        engine.awaitReceived(r -> "1".equals(r.id()), WAIT);
        engine.silence(false);
        assertEquals(2, client.call(command("GetProfile", 2)).get("task_id").asInt());
    }

    @Test
    void delayedReplies() {
        loginWithToken();
        engine.delayReplies(Duration.ofMillis(400));
        long start = System.nanoTime();
        JsonNode reply = client.call(command("GetProfile", 1));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, reply.get("code").asInt());
        assertTrue(elapsedMs >= 400, "answered after " + elapsedMs + " ms");
    }

    @Test
    void pushes() {
        String id = engine.pushIncomingText(IncomingText.direct("u9", "hello")).messageId();
        JsonNode msg = client.nextJson();
        assertEquals("message", msg.get("event").asText());
        JsonNode d = msg.get("data");
        assertEquals(id, d.get("msg_id").asText());
        assertEquals("u9", d.get("from").asText());
        assertEquals(engine.mid(), d.get("to").asText());
        assertEquals("user", d.get("to_type").asText());
        assertEquals("text", d.get("content_type").asText());
        assertEquals("hello", d.get("text").asText());
        assertTrue(d.get("created_time").isIntegralNumber());

        engine.pushIncomingText(IncomingText.inGroup("c1", "u9", "hi all"));
        JsonNode group = client.nextJson().get("data");
        assertEquals("group", group.get("to_type").asText());
        assertEquals("c1", group.get("to").asText());

        loginWithToken();
        assertEquals(1, engine.pushLogout("kicked"));
        JsonNode logout = client.nextJson();
        assertEquals("logout", logout.get("event").asText());
        assertEquals("kicked", logout.get("data").get("reason").asText());
        assertFalse(engine.loggedIn());

        engine.pushStatus("banned", "spam");
        JsonNode status = client.nextJson();
        assertEquals("status", status.get("event").asText());
        assertEquals("banned", status.get("data").get("state").asText());

        assertEquals(1, engine.sendRaw("not json at all"));
        assertEquals("not json at all", client.next());
        engine.pushEvent("custom", Map.of("k", 1));
        assertEquals("custom", client.nextJson().get("event").asText());
    }

    @Test
    void nonJsonFramesAreRecordedAndIgnored() {
        client.send("hello?");
        Received r = engine.awaitReceived(x -> !x.json(), WAIT);
        assertEquals("hello?", r.raw());
        assertNull(r.command());
        // No reply to it: the next frame is GetProfile's.
        assertEquals("GetProfile", client.call(command("GetProfile", 1)).get("command").asText());
    }

    @Test
    void awaitReceivedWaitsAndTimesOut() {
        CompletableFuture<Received> waiting = CompletableFuture.supplyAsync(
                () -> engine.awaitReceived("GetSettings", WAIT));
        client.send(command("GetSettings", 9));
        assertEquals("9", waiting.join().id());
        SimulatorTimeoutException e = assertThrows(SimulatorTimeoutException.class,
                () -> engine.awaitReceived("Nothing", Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("GetSettings"), e.getMessage());
    }

    @Test
    void dropRefuseAndComeBack() {
        engine.awaitConnections(1, WAIT);
        assertEquals(1, engine.dropConnections());
        assertEquals(1001, client.awaitClosed());

        engine.refuseConnections(true);
        Throwable refused = WsClient.connectFailure(engine.url());
        assertTrue(WsClient.refused(refused), String.valueOf(refused));

        engine.refuseConnections(false);
        try (WsClient again = WsClient.connect(engine.url())) {
            assertEquals(LineWsEngine.NOT_LOGGED_IN, again.call(command("GetProfile", 1)).get("code").asInt());
        }
    }

    @Test
    void engineDownForAWhile() {
        engine.awaitConnections(1, WAIT); // the client's connect returns on the 101, before the engine counts it
        engine.refuseConnectionsFor(Duration.ofMillis(300));
        assertEquals(1001, client.awaitClosed());
        assertTrue(WsClient.refused(WsClient.connectFailure(engine.url())));
        long deadline = System.nanoTime() + WAIT.toNanos();
        WsClient back = null;
        while (back == null && System.nanoTime() < deadline) {
            try {
                back = WsClient.connect(engine.url());
            } catch (IllegalStateException stillDown) {
                // retry until the deadline, as a driver's backoff would
            }
        }
        assertTrue(back != null, "the engine did not come back");
        back.close();
    }

    @Test
    void sessionOutlivesTheSocket() {
        loginWithToken();
        client.close();
        try (WsClient again = WsClient.connect(engine.url())) {
            assertEquals(0, again.call(command("GetProfile", 1)).get("code").asInt());
        }
    }
}

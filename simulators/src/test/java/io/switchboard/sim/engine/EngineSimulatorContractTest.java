package io.switchboard.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the three simulators share, through {@link EngineSimulator} alone, with a minimal client per protocol that
 * logs in, probes (docs/ENGINES.md) and reads pushes: the shape a parameterised platform test takes.
 */
class EngineSimulatorContractTest {

    enum Protocol { LINE_WS, CHAT68_WS, IM_HTTP }

    /** Just enough of each protocol: log in, probe (true = a good answer), read the next push. */
    interface MiniClient extends AutoCloseable {
        void login();

        boolean probe();

        JsonNode nextPush();

        @Override
        void close();
    }

    private static EngineSimulator start(Protocol p) {
        return switch (p) {
            case LINE_WS -> LineWsEngine.start(0);
            case CHAT68_WS -> Chat68Engine.start(0);
            case IM_HTTP -> ImHttpApp.start(0);
        };
    }

    private static MiniClient client(Protocol p, EngineSimulator engine) {
        return switch (p) {
            case LINE_WS -> new MiniClient() {
                private final WsClient ws = WsClient.connect(engine.url());
                private long taskId;

                public void login() {
                    JsonNode r = ws.call(Map.of("command", "LoginWithToken", "phone", "+8613800000000",
                            "auth_token", "t", "proxy_type", ""));
                    assertEquals(0, r.get("code").asInt(), r.toString());
                }

                public boolean probe() {
                    return ws.call(Map.of("task_id", ++taskId, "command", "GetProfile")).get("code").asInt() == 0;
                }

                public JsonNode nextPush() {
                    return ws.nextJson();
                }

                public void close() {
                    ws.close();
                }
            };
            case CHAT68_WS -> new MiniClient() {
                private final WsClient ws = WsClient.connect(engine.url());
                private int id;

                public void login() {
                    assertTrue(probe());
                }

                public boolean probe() {
                    JsonNode r = ws.call(Map.of("id", "sb-i-" + (++id), "type", "request", "data",
                            Map.of("type", "UserInfo", "url", "https://webbiz.qika.xyz/user/userInfo")));
                    return r.has("data") && r.get("data").path("commonResult").path("errCode").asInt() == 200;
                }

                public JsonNode nextPush() {
                    return ws.nextJson();
                }

                public void close() {
                    ws.close();
                }
            };
            case IM_HTTP -> new MiniClient() {
                private final HttpClient http = HttpClient.newHttpClient();
                private final WsClient push = WsClient.connect(((ImHttpApp) engine).pushUrl());

                private JsonNode call(String module, String method, Map<String, String> more) {
                    try {
                        var body = new java.util.LinkedHashMap<String, String>(more);
                        body.put("__SERVER_ROUTE_MODULE", module);
                        body.put("__SERVER_ROUTE_METHOD", method);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engine.url()))
                                .timeout(WsClient.WAIT).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(WsClient.JSON.writeValueAsString(body)))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        return WsClient.JSON.readTree(r.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                public void login() {
                    assertEquals(200, call("login", "init", Map.of()).get("code").asInt());
                    assertEquals(200, call("login", "exportLogin", Map.of("password", "1111111111",
                            "loginType", "text")).get("code").asInt());
                    assertEquals(200, call("socketEvent", "addReceive", Map.of("identifier", "addReceive"))
                            .get("code").asInt());
                }

                public boolean probe() {
                    return call("user", "connectionState", Map.of()).get("code").asInt() == 200;
                }

                public JsonNode nextPush() {
                    return push.nextJson();
                }

                public void close() {
                    push.close();
                }
            };
        };
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void loginProbePushLogout(Protocol p) {
        try (EngineSimulator engine = start(p); MiniClient client = client(p, engine)) {
            assertEquals(p.name(), engine.protocol());
            client.login();
            assertTrue(engine.loggedIn());
            assertTrue(client.probe());
            assertEquals(engine.probeCommand(), engine.awaitReceived(engine.probeCommand(), WsClient.WAIT).command());

            Pushed pushed = engine.pushIncomingText(IncomingText.direct("hello from " + p));
            assertTrue(pushed.delivered() >= 1, p + " push reached nobody");
            assertTrue(client.nextPush().toString().contains(pushed.messageId()));

            engine.pushLogout("kicked");
            assertTrue(client.nextPush().toString().contains("kicked"));
            assertFalse(engine.loggedIn());
            assertFalse(client.probe(), "a probe against a logged-out account fails");
            engine.loggedIn(true);
            assertTrue(client.probe());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void probeFaults(Protocol p) {
        try (EngineSimulator engine = start(p); MiniClient client = client(p, engine)) {
            client.login();
            engine.failNext(engine.probeCommand(), 2, 503, "busy");
            assertFalse(client.probe());
            assertFalse(client.probe());
            assertTrue(client.probe());
            assertTrue(engine.pendingFaults().isEmpty());

            engine.failNext("*", 1, 500, "any");
            assertFalse(client.probe());
            engine.delayReplies(Duration.ofMillis(200));
            long start = System.nanoTime();
            assertTrue(client.probe());
            assertTrue(System.nanoTime() - start >= 200_000_000L);
            engine.silence(true);
            engine.swallowNext("*", 3);
            engine.resetFaults();
            assertTrue(engine.pendingFaults().isEmpty());
            assertTrue(client.probe(), "after resetFaults the engine answers again");
            assertThrows(SimulatorTimeoutException.class, () -> engine.awaitReceived("never", Duration.ofMillis(20)));
        }
    }
}

package io.switchboard.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The HTTP control endpoint of a simulator run from the command line ({@code bin/demo}, benchmarks): the same
 * controls as the Java API, as JSON over HTTP on its own port, so it keeps answering while the engine is "down".
 * Every route and body is listed in docs/ENGINES.md "Engine simulators". Bad input answers 400 with
 * {@code {"error": "…"}} and changes nothing.
 */
public final class ControlServer implements AutoCloseable {

    private final EngineSimulator engine;
    private final HttpServer server;

    private ControlServer(EngineSimulator engine, HttpServer server) {
        this.engine = engine;
        this.server = server;
    }

    public static ControlServer start(EngineSimulator engine, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ControlServer control = new ControlServer(engine, server);
        server.createContext("/", control::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "engine-control");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return control;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            byte[] raw;
            try (InputStream in = ex.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            try {
                Object result = dispatch(route, text, ex.getRequestURI().getQuery());
                if (result == null) {
                    send(ex, 404, Map.of("error", "no route " + route));
                } else {
                    send(ex, 200, result);
                }
            } catch (BadRequest | IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
                send(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    private Object dispatch(String route, String text, String query) {
        return switch (route) {
            case "GET /status" -> status();
            case "GET /received" -> received(query);
            case "GET /messages" -> messages();
            case "POST /clear" -> {
                engine.clearReceived();
                yield Map.of("cleared", true);
            }
            case "POST /push/message" -> {
                JsonNode b = body(text);
                IncomingText m = new IncomingText(optText(b, "from"), optText(b, "group"), reqText(b, "text"));
                Pushed pushed = engine.pushIncomingText(m);
                yield Map.of("messageId", pushed.messageId(), "delivered", pushed.delivered());
            }
            case "POST /push/media" -> {
                JsonNode b = body(text);
                Pushed pushed = engine.pushIncomingMedia(new IncomingMedia(optText(b, "from"), optText(b, "group"),
                        reqText(b, "type"), optText(b, "url"), optText(b, "name")));
                yield Map.of("messageId", pushed.messageId(), "delivered", pushed.delivered());
            }
            case "POST /push/again" -> Map.of("delivered", engine.pushAgain(reqText(body(text), "messageId")));
            case "POST /push/logout" -> Map.of("delivered", engine.pushLogout(optText(body(text), "reason")));
            case "POST /push/event" -> {
                JsonNode b = body(text);
                JsonNode data = b.path("data");
                if (!data.isObject()) {
                    throw new BadRequest("data must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = EngineServer.JSON.convertValue(data, Map.class);
                yield Map.of("delivered", engine.pushEvent(reqText(b, "name"), map));
            }
            case "POST /push/raw" -> Map.of("delivered", engine.sendRaw(text));
            case "POST /push/status" -> {
                JsonNode b = body(text);
                if (!(engine instanceof LineWsEngine line)) {
                    throw new BadRequest("status pushes are LINE_WS only");
                }
                yield Map.of("delivered", line.pushStatus(reqText(b, "state"), optText(b, "reason")));
            }
            case "POST /confirm-pin" -> {
                if (!(engine instanceof LineWsEngine line)) {
                    throw new BadRequest("PIN confirmation is LINE_WS only");
                }
                yield Map.of("confirmed", line.confirmPin());
            }
            case "POST /drop" -> Map.of("dropped", engine.dropConnections());
            case "POST /refuse" -> {
                JsonNode b = body(text);
                if (b.has("forMs")) {
                    engine.refuseConnectionsFor(Duration.ofMillis(positive(b, "forMs")));
                } else {
                    engine.refuseConnections(reqBool(b, "on"));
                }
                yield Map.of("ok", true);
            }
            case "POST /fail" -> {
                JsonNode b = body(text);
                if (!b.path("code").canConvertToInt()) {
                    throw new BadRequest("code (integer) is required");
                }
                engine.failNext(command(b), times(b), b.get("code").asInt(), b.path("message").asText("simulated error"));
                yield faults();
            }
            case "POST /fail-send" -> {
                JsonNode b = body(text);
                if (!b.path("code").canConvertToInt()) {
                    throw new BadRequest("code (integer) is required");
                }
                engine.failNextSend(times(b), b.get("code").asInt(), b.path("message").asText("simulated error"));
                yield faults();
            }
            case "POST /fail-http" -> {
                JsonNode b = body(text);
                if (!(engine instanceof ImHttpApp app)) {
                    throw new BadRequest("HTTP status faults are IM_HTTP only");
                }
                app.failNextHttp(command(b), times(b), (int) positive(b, "status"));
                yield faults();
            }
            case "POST /fail-result" -> {
                JsonNode b = body(text);
                if (!(engine instanceof Chat68Engine chat)) {
                    throw new BadRequest("commonResult faults are CHAT68_WS only");
                }
                chat.failNextInResult(command(b), times(b), (int) positive(b, "errCode"));
                yield faults();
            }
            case "POST /delay" -> {
                engine.delayReplies(Duration.ofMillis(nonNegative(body(text), "ms")));
                yield Map.of("ok", true);
            }
            case "POST /silence" -> {
                engine.silence(reqBool(body(text), "on"));
                yield Map.of("ok", true);
            }
            case "POST /swallow" -> {
                JsonNode b = body(text);
                engine.swallowNext(command(b), times(b));
                yield faults();
            }
            case "POST /garbage" -> {
                JsonNode b = body(text);
                engine.garbageNext(command(b), times(b));
                yield faults();
            }
            case "POST /unknown-id" -> {
                JsonNode b = body(text);
                engine.unknownIdNext(command(b), times(b));
                yield faults();
            }
            case "POST /reset" -> {
                engine.resetFaults();
                yield faults();
            }
            default -> null;
        };
    }

    private Map<String, Object> status() {
        return Map.of("protocol", engine.protocol(), "url", engine.url(), "connections", engine.connections(),
                "loggedIn", engine.loggedIn(), "received", engine.received().size(),
                "faults", engine.pendingFaults().toString());
    }

    private Map<String, Object> faults() {
        return Map.of("pending", engine.pendingFaults().toString());
    }

    private ArrayNode received(String query) {
        String command = null;
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("command=")) {
                    command = java.net.URLDecoder.decode(kv.substring(8), StandardCharsets.UTF_8);
                }
            }
        }
        ArrayNode out = EngineServer.JSON.createArrayNode();
        for (Received r : command == null ? engine.received() : engine.received(command)) {
            ObjectNode o = out.addObject();
            o.put("seq", r.seq());
            o.put("at", r.at().toString());
            o.put("connection", r.connection());
            o.put("command", r.command());
            o.put("id", r.id());
            if (r.body() != null) {
                o.set("frame", r.body());
            } else {
                o.put("raw", r.raw());
            }
        }
        return out;
    }

    private ArrayNode messages() {
        ArrayNode out = EngineServer.JSON.createArrayNode();
        for (io.switchboard.sim.SentMessage m : engine.messages()) {
            out.addObject().put("seq", m.seq()).put("at", m.at().toString()).put("command", m.command())
                    .put("targetId", m.targetId()).put("group", m.group()).put("type", m.type())
                    .put("content", m.content()).put("messageId", m.messageId());
        }
        return out;
    }

    private static JsonNode body(String text) {
        if (text.isBlank()) {
            return EngineServer.JSON.createObjectNode();
        }
        JsonNode b = EngineServer.parse(text);
        if (b == null || !b.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        return b;
    }

    private static String command(JsonNode b) {
        return b.path("command").asText("*");
    }

    private static int times(JsonNode b) {
        return b.has("times") ? (int) positive(b, "times") : 1;
    }

    private static String reqText(JsonNode b, String field) {
        if (!b.path(field).isTextual()) {
            throw new BadRequest(field + " (string) is required");
        }
        return b.get(field).asText();
    }

    private static String optText(JsonNode b, String field) {
        return b.path(field).isTextual() ? b.get(field).asText() : null;
    }

    private static boolean reqBool(JsonNode b, String field) {
        if (!b.path(field).isBoolean()) {
            throw new BadRequest(field + " (true or false) is required");
        }
        return b.get(field).asBoolean();
    }

    private static long positive(JsonNode b, String field) {
        long v = nonNegative(b, field);
        if (v == 0) {
            throw new BadRequest(field + " must be positive");
        }
        return v;
    }

    private static long nonNegative(JsonNode b, String field) {
        if (!b.path(field).canConvertToLong() || !b.get(field).isIntegralNumber() || b.get(field).asLong() < 0) {
            throw new BadRequest(field + " (a non-negative integer) is required");
        }
        return b.get(field).asLong();
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = EngineServer.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}

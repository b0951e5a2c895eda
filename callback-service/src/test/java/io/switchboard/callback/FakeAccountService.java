package io.switchboard.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.client.MerchantKeyView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays account-service's internal API for callback-service's tests (a real HTTP server on a free loopback
 * port, so the REST client, its fault tolerance and the bearer token are exercised). Tests register what
 * account-service would know; the full two-service path is tested black-box in the e2e module.
 */
public class FakeAccountService implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final Map<String, MerchantKeyView> MERCHANTS_BY_APP = new ConcurrentHashMap<>();
    public static final Map<String, WebhookTarget> WEBHOOKS = new ConcurrentHashMap<>();
    public static final Map<String, DeviceView> DEVICES = new ConcurrentHashMap<>();
    public static final Map<String, RobotRef> ROBOTS = new ConcurrentHashMap<>();
    /** robotSerialNo → code waiting to be taken. */
    public static final Map<String, String> PHONE_CODES = new ConcurrentHashMap<>();
    /** Answer 503 to everything while true (to test fault tolerance). */
    public static volatile boolean down;
    public static final AtomicInteger CALLS = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.account.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        CALLS.incrementAndGet();
        try (ex) {
            if (down) {
                send(ex, 503, Map.of("error", "DEPENDENCY_UNAVAILABLE"));
                return;
            }
            if (!"Bearer test-internal-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, Map.of("error", "UNAUTHORIZED"));
                return;
            }
            String[] p = ex.getRequestURI().getPath().split("/");
            // /internal/<kind>/<id>[/...]
            Object answer = switch (p[2]) {
                case "merchants" -> p[3].equals("by-app") ? MERCHANTS_BY_APP.get(p[4]) : WEBHOOKS.get(p[3]);
                case "devices" -> DEVICES.get(p[3]);
                case "robots" -> p.length > 4 ? takeCode(p[3], ex) : ROBOTS.get(p[3]);
                default -> null;
            };
            if (answer == null) {
                send(ex, 404, Map.of("error", "NOT_FOUND"));
            } else {
                send(ex, 200, answer);
            }
        }
    }

    private Object takeCode(String robot, HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        if (body == null || !body.hasNonNull("serialNo")) {
            return null;
        }
        String code = PHONE_CODES.remove(robot);
        return code == null ? null : Map.of("code", code);
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}

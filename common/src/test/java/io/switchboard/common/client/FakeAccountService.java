package io.switchboard.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.common.api.Formats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays account-service's internal API for common's tests: a real HTTP server on a free loopback port, so the
 * REST client, its fault tolerance and the bearer token are exercised. Like the real service behind PostgreSQL, a
 * key it cannot store answers 500 (a NUL made PostgreSQL fail); keys starting {@code refuse-} answer 400,
 * {@code fail-} 503, {@code slow-} are held until {@link #releaseSlow} (or 5 s).
 */
public class FakeAccountService implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    /** path after /internal/ → answer (200); absent → 404. */
    public static final Map<String, Object> ANSWERS = new ConcurrentHashMap<>();
    /** Every path after /internal/ asked, and how often. */
    public static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    public static final AtomicInteger TOTAL = new AtomicInteger();
    /** Answer 503 to everything while true. */
    public static volatile boolean down;
    /** Phone codes waiting: robot → code; taken: robot + request id → code (account-service's idempotent take). */
    public static final Map<String, String> CODES = new ConcurrentHashMap<>();
    public static final Map<String, String> TAKEN = new ConcurrentHashMap<>();
    /** The next this-many takes consume the code but answer 503, as if the answer were lost on the way. */
    public static final AtomicInteger LOSE_TAKE_ANSWERS = new AtomicInteger();
    static volatile CountDownLatch slow = new CountDownLatch(1);

    private HttpServer server;

    public static int calls(String path) {
        AtomicInteger n = CALLS.get(path);
        return n == null ? 0 : n.get();
    }

    public static void releaseSlow() {
        slow.countDown();
        slow = new CountDownLatch(1);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a held request must not stall others
        server.createContext("/internal/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.account.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            slow.countDown();
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath().substring("/internal/".length());
            String path = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            TOTAL.incrementAndGet();
            CALLS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            if (!"Bearer test-internal-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, Map.of("error", "UNAUTHORIZED"));
                return;
            }
            String[] parts = path.split("/");
            String key = parts[parts.length - 1].equals("take") || parts[parts.length - 1].equals("webhook")
                    ? parts[1] : parts[parts.length - 1];
            if (down || key.startsWith("fail-")) {
                send(ex, 503, Map.of("error", "DEPENDENCY_UNAVAILABLE"));
                return;
            }
            if (Formats.hasControl(key, false) || key.length() > 256) {
                send(ex, 500, Map.of("error", "INTERNAL_ERROR")); // what PostgreSQL made of a NUL
                return;
            }
            if (key.startsWith("refuse-")) {
                send(ex, 400, Map.of("error", "INVALID_PARAMETER"));
                return;
            }
            if (key.startsWith("slow-")) {
                hold();
            }
            if (path.endsWith("/phone-code/take")) {
                take(ex, key);
                return;
            }
            Object answer = ANSWERS.get(path);
            if (answer == null) {
                send(ex, 404, Map.of("error", "NOT_FOUND"));
            } else {
                send(ex, 200, answer);
            }
        }
    }

    private void take(HttpExchange ex, String robot) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String requestId = body.path("requestId").asText(null);
        String again = requestId == null ? null : TAKEN.get(robot + "/" + requestId);
        String code = again != null ? again : CODES.remove(robot);
        if (code == null) {
            send(ex, 404, Map.of("error", "NOT_FOUND"));
            return;
        }
        if (requestId != null) {
            TAKEN.put(robot + "/" + requestId, code);
        }
        if (LOSE_TAKE_ANSWERS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(ex, 503, Map.of("error", "lost on the way"));
            return;
        }
        send(ex, 200, Map.of("code", code));
    }

    private static void hold() {
        try {
            slow.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}

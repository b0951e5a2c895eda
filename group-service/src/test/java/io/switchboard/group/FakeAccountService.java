package io.switchboard.group;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.MerchantKeyView;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays account-service's internal API for group-service's tests: a real HTTP server on a loopback port, so the
 * REST client, AccountDirectory's fault tolerance and the bearer token are exercised. It can be stopped (the port
 * refuses connections, as a stopped service) and started again on the same port, or made slow.
 */
public class FakeAccountService implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final Map<String, MerchantKeyView> MERCHANTS_BY_APP = new ConcurrentHashMap<>();
    public static final Map<String, RobotRef> ROBOTS = new ConcurrentHashMap<>();
    /** Robot look-ups asked, by robot serial. */
    public static final Map<String, AtomicInteger> ROBOT_CALLS = new ConcurrentHashMap<>();
    /** While true every request is held (up to 10 s, or until {@link #release}). */
    public static volatile boolean slow;
    private static volatile CountDownLatch held = new CountDownLatch(1);

    private static HttpServer server;
    private static int port;

    public static int robotCalls(String robot) {
        AtomicInteger n = ROBOT_CALLS.get(robot);
        return n == null ? 0 : n.get();
    }

    @Override
    public Map<String, String> start() {
        bind(0);
        port = server.getAddress().getPort();
        return Map.of("quarkus.rest-client.account.url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        halt();
    }

    /** Stops the server: connections to its port are refused until {@link #restart}. */
    public static synchronized void halt() {
        release();
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Starts it again on the same port (the client's URL does not change). */
    public static synchronized void restart() {
        if (server == null) {
            bind(port);
        }
    }

    public static void release() {
        held.countDown();
        held = new CountDownLatch(1);
    }

    private static void bind(int at) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
                break;
            } catch (BindException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("port " + at + " stays taken", e);
                }
                Thread.onSpinWait();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a held request must not stall others
        server.createContext("/internal/", FakeAccountService::handle);
        server.start();
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"Bearer test-internal-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, Map.of("error", "UNAUTHORIZED"));
                return;
            }
            if (slow) {
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String[] p = ex.getRequestURI().getPath().split("/");
            // /internal/<kind>/<id>[/...]
            Object answer = null;
            if (p.length >= 4 && p[2].equals("robots")) {
                ROBOT_CALLS.computeIfAbsent(p[3], k -> new AtomicInteger()).incrementAndGet();
                answer = ROBOTS.get(p[3]);
            } else if (p.length >= 5 && p[2].equals("merchants") && p[3].equals("by-app")) {
                answer = MERCHANTS_BY_APP.get(p[4]);
            }
            if (answer == null) {
                send(ex, 404, Map.of("error", "NOT_FOUND"));
            } else {
                send(ex, 200, answer);
            }
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}

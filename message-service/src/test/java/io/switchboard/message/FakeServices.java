package io.switchboard.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.MerchantKeyView;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays account-service's and group-service's internal APIs for message-service's tests, as group-service's tests
 * play account-service: real HTTP servers on loopback ports, so the REST clients, their fault tolerance and the bearer
 * token are exercised. Each can be stopped (its port refuses connections, as a stopped service) and started again.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final Map<String, MerchantKeyView> MERCHANTS_BY_APP = new ConcurrentHashMap<>();
    public static final Map<String, RobotRef> ROBOTS = new ConcurrentHashMap<>();
    /** group-service's link infos, by "robot/groupId". */
    public static final Map<String, GroupLinkInfo> GROUPS = new ConcurrentHashMap<>();
    /** While true every request is answered 500 (after being counted). */
    public static volatile boolean failing;
    /** Robot look-ups asked, by robot serial. */
    public static final Map<String, AtomicInteger> ROBOT_CALLS = new ConcurrentHashMap<>();

    static final Fake ACCOUNT = new Fake("account");
    static final Fake GROUP = new Fake("group");

    public static int robotCalls(String robot) {
        AtomicInteger n = ROBOT_CALLS.get(robot);
        return n == null ? 0 : n.get();
    }

    @Override
    public Map<String, String> start() {
        ACCOUNT.bind(0);
        GROUP.bind(0);
        return Map.of("quarkus.rest-client.account.url", "http://127.0.0.1:" + ACCOUNT.port,
                "quarkus.rest-client.group.url", "http://127.0.0.1:" + GROUP.port);
    }

    @Override
    public void stop() {
        ACCOUNT.halt();
        GROUP.halt();
    }

    /** One fake service: stoppable, and restartable on the same port (the client's URL does not change). */
    static final class Fake {
        private final String name;
        private HttpServer server;
        private int port;

        Fake(String name) {
            this.name = name;
        }

        synchronized void halt() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        synchronized void restart() {
            if (server == null) {
                bind(port);
            }
        }

        synchronized void bind(int at) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
                    break;
                } catch (BindException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException(name + ": port " + at + " stays taken", e);
                    }
                    Thread.onSpinWait();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            port = server.getAddress().getPort();
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/internal/", FakeServices::handle);
            server.start();
        }
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"Bearer test-internal-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, Map.of("error", "UNAUTHORIZED"));
                return;
            }
            String[] p = ex.getRequestURI().getPath().split("/");
            // /internal/<kind>/<id>[/...]
            Object answer = null;
            if (p.length >= 4 && p[2].equals("robots")) {
                ROBOT_CALLS.computeIfAbsent(p[3], k -> new AtomicInteger()).incrementAndGet();
                answer = ROBOTS.get(p[3]);
            } else if (p.length >= 5 && p[2].equals("merchants") && p[3].equals("by-app")) {
                answer = MERCHANTS_BY_APP.get(p[4]);
            } else if (p.length >= 5 && p[2].equals("groups")) {
                answer = GROUPS.get(p[3] + "/" + p[4]);
            }
            if (failing) {
                send(ex, 500, Map.of("error", "INTERNAL_ERROR"));
            } else if (answer == null) {
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

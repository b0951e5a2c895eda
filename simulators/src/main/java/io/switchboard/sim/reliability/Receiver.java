package io.switchboard.sim.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.sim.demo.StandardWebhooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The merchant's webhook endpoint for one scenario, counting per event: which webhook-ids carried it and how many
 * times each webhook-id was answered 2xx. It can be taken down (the port refuses connections) and brought back on
 * the same port. Events are keyed by what the simulators sent: an inbound message by its {@code vcMsgId}
 * ({@code in:<id>}), a send result by the {@code sendMessage} serial ({@code send:<serial>}), a robot reported
 * offline (1007 {@code nstate} 1) by the robot ({@code offline:<robot>}).
 */
final class Receiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Map<String, Set<String>> idsByEvent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> okById = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicLong lastNewEventNanos = new AtomicLong();
    private volatile String secret;
    private HttpServer server;

    Receiver() throws IOException {
        this.port = Stores.freePort();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    void secret(String whsec) {
        this.secret = whsec;
    }

    synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/hooks", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String id = ex.getRequestHeaders().getFirst("webhook-id");
                String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
                String sig = ex.getRequestHeaders().getFirst("webhook-signature");
                if (secret != null && !StandardWebhooks.verify(secret, id, ts, sig, body,
                        System.currentTimeMillis() / 1000, StandardWebhooks.DEFAULT_TOLERANCE_SECONDS).ok()) {
                    badSignatures.incrementAndGet();
                }
                String event = eventKey(JSON.readTree(body));
                ex.sendResponseHeaders(204, -1);
                // Counted once the 2xx is on its way: a webhook-id seen here twice was sent again after a 2xx.
                if (id != null) {
                    okById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
                if (event != null && id != null) {
                    Set<String> ids = idsByEvent.computeIfAbsent(event, k -> ConcurrentHashMap.newKeySet());
                    if (ids.add(id) && ids.size() == 1) {
                        lastNewEventNanos.set(System.nanoTime());
                    }
                }
            }
        });
        s.start();
        server = s;
    }

    /** Takes the endpoint down: connections are refused until {@link #up()}. */
    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    static String eventKey(JsonNode b) {
        if (b != null && b.path("nType").asInt() == 1007 && b.path("data").path("nstate").asInt(-1) == 1) {
            return "offline:" + b.path("optvcRobotSerialNo").asText();
        }
        if (b == null || b.path("nType").asInt() != 1005) {
            return null;
        }
        String serial = b.path("optvcSerNo").asText("");
        if (!serial.isEmpty()) {
            return "send:" + serial;
        }
        String msgId = b.path("data").path("vcMsgId").asText("");
        return msgId.isEmpty() ? null : "in:" + msgId;
    }

    boolean delivered(String event) {
        return idsByEvent.containsKey(event);
    }

    /** Events carried by more than one webhook-id, plus webhook-ids answered 2xx more than once (each extra counts). */
    long duplicated(Set<String> expected) {
        long d = 0;
        for (var e : idsByEvent.entrySet()) {
            if (expected.contains(e.getKey())) {
                d += e.getValue().size() - 1;
            }
        }
        for (AtomicInteger n : okById.values()) {
            d += Math.max(0, n.get() - 1);
        }
        return d;
    }

    int badSignatures() {
        return badSignatures.get();
    }

    long lastNewEventNanos() {
        return lastNewEventNanos.get();
    }

    @Override
    public void close() {
        down();
    }
}

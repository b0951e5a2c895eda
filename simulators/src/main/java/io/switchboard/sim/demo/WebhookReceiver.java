package io.switchboard.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A merchant's webhook endpoint on {@code 127.0.0.1:<free port>}: it checks every delivery's Standard Webhooks
 * signature against the merchant's secret before reading the body, answers 204 (401 when the signature is wrong),
 * and keeps what arrived so the demo can wait for it. Deliveries are at-least-once, so a repeated
 * {@code webhook-id} is recorded as a repeat.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String PATH = "/webhooks";

    /** One POST that arrived. {@code json} is null when the body was not JSON. */
    public record Delivery(String id, String timestamp, byte[] body, JsonNode json, StandardWebhooks.Verdict verdict,
                           boolean repeat) {

        public int nType() {
            return json == null ? -1 : json.path("nType").asInt(-1);
        }

        public int resultCode() {
            return json == null ? -1 : json.path("nResultCode").asInt(-1);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final Consumer<Delivery> onDelivery;
    private volatile String secret;

    /** Starts listening at once; deliveries before {@link #secret(String)} is set fail verification. */
    public WebhookReceiver(Consumer<Delivery> onDelivery) throws IOException {
        this.onDelivery = onDelivery;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The merchant's {@code whsec_…} secret, known once the merchant has been created. */
    public void secret(String whsec) {
        this.secret = whsec;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            String key = secret;
            // Verify the raw bytes first; parse only what is authentic.
            StandardWebhooks.Verdict verdict = key == null
                    ? new StandardWebhooks.Verdict(false, "no webhook secret known yet")
                    : StandardWebhooks.verify(key, id, ts, sig, body, System.currentTimeMillis() / 1000,
                            StandardWebhooks.DEFAULT_TOLERANCE_SECONDS);
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
            boolean repeat = verdict.ok() && id != null && !seenIds.add(id);
            Delivery d = new Delivery(id, ts, body, json, verdict, repeat);
            onDelivery.accept(d); // before waiters see it, so the story prints the webhook before reacting to it
            synchronized (deliveries) {
                deliveries.add(d);
                deliveries.notifyAll();
            }
            ex.sendResponseHeaders(verdict.ok() ? 204 : 401, -1);
        }
    }

    /**
     * The first authentic delivery that matches, waiting up to {@code timeout}.
     *
     * @throws DemoFailure on timeout, or when a matching delivery arrived with a bad signature
     */
    public Delivery await(String what, Predicate<Delivery> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (deliveries) {
            while (true) {
                for (Delivery d : deliveries) {
                    if (d.json() != null && match.test(d)) {
                        if (!d.verdict().ok()) {
                            throw new DemoFailure("webhook " + what + " arrived but its signature did not verify: "
                                    + d.verdict().reason());
                        }
                        return d;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DemoFailure("no webhook " + what + " within " + timeout.toSeconds() + " s; received "
                            + (deliveries.isEmpty() ? "none" : deliveries.stream().map(Delivery::text).toList()));
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(deliveries, left);
            }
        }
    }

    /** Everything received so far, in arrival order. */
    public List<Delivery> all() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.switchboard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A merchant's webhook endpoint: records every delivery and checks its Standard Webhooks signature with this
 * test's own HMAC code (written from DESIGN §3, sharing nothing with the platform).
 */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(String id, String timestamp, String signature, String body, JsonNode json, boolean signatureValid) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile String secret;
    /** While set, each delivery is recorded on arrival and answered only when it is counted down (or after 60 s). */
    private volatile CountDownLatch hold;
    private final AtomicInteger held = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = ex.getRequestHeaders().getFirst("webhook-id");
                String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
                String sig = ex.getRequestHeaders().getFirst("webhook-signature");
                deliveries.add(new Delivery(id, ts, sig, body, JSON.readTree(body), verify(id, ts, body, sig)));
                CountDownLatch h = hold;
                if (h != null) {
                    held.incrementAndGet();
                    try {
                        h.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool()); // a held delivery must not block the others
        server.start();
    }

    /** From now on deliveries are kept waiting for their answer until {@link #release()}. */
    void hold() {
        held.set(0);
        hold = new CountDownLatch(1);
    }

    /** Deliveries that arrived since {@link #hold()} and wait (or waited) for their answer. */
    int held() {
        return held.get();
    }

    /** Answers the waiting deliveries and stops holding. */
    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void secret(String whsec) {
        this.secret = whsec;
    }

    private boolean verify(String id, String ts, String body, String header) {
        if (id == null || ts == null || header == null || secret == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String part : header.split(" ")) {
                if (part.equals("v1," + expected)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    Delivery await(String what, Predicate<JsonNode> match, Duration timeout) {
        try {
            return org.awaitility.Awaitility.await("webhook " + what).atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> deliveries.stream().filter(d -> match.test(d.json())).findFirst(),
                            java.util.Optional::isPresent).get();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no webhook " + what + " within " + timeout + "; got "
                    + deliveries.stream().map(Delivery::body).toList(), e);
        }
    }

    List<Delivery> all() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}

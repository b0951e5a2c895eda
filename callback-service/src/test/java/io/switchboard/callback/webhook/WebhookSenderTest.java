package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.callback.webhook.WebhookSender.Outcome;
import io.switchboard.callback.webhook.WebhookSender.Result;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP side of one attempt, without Quarkus, with a short timeout (2.5 s). */
class WebhookSenderTest {
    static Vertx vertx;
    static HttpServer server;
    static WebhookSender sender;
    static final Map<String, String> hostHeaders = new ConcurrentHashMap<>();
    static final CountDownLatch releaseSlow = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                hostHeaders.put(path, ex.getRequestHeaders().getFirst("Host"));
                ex.getRequestBody().readAllBytes();
                if (path.equals("/slow")) {
                    holdUntilReleased(); // answers only after the test saw the timeout
                }
                int status = path.equals("/redirect") ? 301 : path.equals("/gone") ? 410
                        : path.equals("/empty200") ? 200 : 204;
                if (status == 301) {
                    ex.getResponseHeaders().add("Location", "/elsewhere");
                }
                ex.sendResponseHeaders(status, -1);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        vertx = Vertx.vertx();
        sender = new WebhookSender();
        sender.vertx = vertx;
        // Short, but not so short that a cold first connection on a loaded machine (2 cores shared) times out.
        sender.timeout = Duration.ofMillis(2500);
        sender.maxInFlight = 4;
        sender.init();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        vertx.close();
    }

    private static Result post(String url, InetAddress connectTo) {
        return sender.send(new WebhookSender.Signed(new WebhookEndpoints.Endpoint(URI.create(url), connectTo), "id",
                1, "v1,x", "{}"));
    }

    private static String at(String path) {
        return "http://merchant.example:" + server.getAddress().getPort() + path;
    }

    @Test
    void connectsToTheCheckedAddressButSpeaksToTheUrlsHost() throws Exception {
        // merchant.example does not resolve here: the request reaches 127.0.0.1 only because it is pinned.
        Result r = post(at("/ok"), InetAddress.getByName("127.0.0.1"));
        assertEquals(Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(204, r.statusCode());
        assertNull(r.error());
        assertEquals("merchant.example:" + server.getAddress().getPort(), hostHeaders.get("/ok"));
    }

    /**
     * A 200 with an empty body often ends in the same read as its head. Setting the body handler after the end had
     * been processed threw inside the callback (HttpClientResponseImpl.checkEnded), the status was never handed over
     * and the attempt was recorded as a timeout: a false failure, and the same webhook sent again.
     */
    @Test
    void emptyBodyOkIsAlwaysASuccessOnTheFirstAttempt() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        // Several senders at once, like the dispatcher: more chances for the end to overtake the callback.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 1500; i++) {
                        Result r = post(at("/empty200"), loopback);
                        if (r.outcome() != Outcome.SUCCESS) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, r.outcome() + " " + r.error());
                        }
                    }
                });
            }
        }
        assertEquals(0, failures.get(), "empty-body 200s recorded as failed; first: " + firstFailure.get());
    }

    @Test
    void outcomesOfFailedAttempts() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Result redirect = post(at("/redirect"), loopback);
        assertEquals(Outcome.REDIRECT, redirect.outcome());
        assertEquals(301, redirect.statusCode());
        assertTrue(hostHeaders.get("/elsewhere") == null, "the redirect was not followed");

        Result gone = post(at("/gone"), loopback);
        assertEquals(Outcome.HTTP_ERROR, gone.outcome());
        assertEquals("answered 410 Gone", gone.error());
        assertTrue(gone.gone());

        Result slow = post(at("/slow"), loopback);
        releaseSlow.countDown();
        assertEquals(Outcome.TIMEOUT, slow.outcome());
        assertNull(slow.statusCode());
        assertEquals("no response within 2.5 s", slow.error());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
            closedPort = s.getLocalPort();
        }
        Result refused = post("http://merchant.example:" + closedPort + "/", loopback);
        assertEquals(Outcome.NETWORK_ERROR, refused.outcome());
        assertNull(refused.statusCode());
        assertTrue(refused.error() != null && !refused.error().isBlank());
    }

    private static void holdUntilReleased() {
        try {
            releaseSlow.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

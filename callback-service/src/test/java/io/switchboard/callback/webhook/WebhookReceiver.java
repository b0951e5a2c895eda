package io.switchboard.callback.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A merchant's webhook endpoint for tests: a real HTTP server on a free loopback port that records every request
 * and answers the statuses a test scripted for a path (then 200). A 3xx answer points to {@code /moved}.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(String path, Map<String, String> headers, String body, long receivedAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** A scripted answer: a status and, when not null, a Retry-After header. */
    private record Answer(int status, String retryAfter) {}

    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order; later ones with 200. */
    void script(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(Stream.of(statuses).map(st -> new Answer(st, null)).toList()));
    }

    /** The next request to {@code path} is answered with {@code status} and this {@code Retry-After}; later ones 200. */
    void scriptRetryAfter(String path, int status, String retryAfter) {
        scripts.put(path, new ArrayDeque<>(List.of(new Answer(status, retryAfter))));
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = ex.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue()), (a, b) -> a));
            String path = ex.getRequestURI().getPath();
            received.add(new Received(path, headers, body, System.currentTimeMillis()));
            Deque<Answer> script = scripts.get(path);
            Answer scripted = script == null ? null : script.poll();
            int status = scripted == null ? 200 : scripted.status();
            if (scripted != null && scripted.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", scripted.retryAfter());
            }
            if (status >= 300 && status < 400) {
                ex.getResponseHeaders().add("Location", url("/moved"));
            }
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

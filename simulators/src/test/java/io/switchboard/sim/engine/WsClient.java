package io.switchboard.sim.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real java.net.http WebSocket client for the simulator tests: every text frame lands in a queue. */
public final class WsClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    /** Completes with the close status code (or -1 when the connection failed). */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    public static WsClient connect(String url) {
        WsClient c = new WsClient();
        try {
            c.socket = HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url), c.listener())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e, e);
        }
        return c;
    }

    /** The connect failure, or fails the test when the connection opened. */
    public static Throwable connectFailure(String url) {
        try {
            WebSocket ws = HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url),
                    new WebSocket.Listener() { }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ws.abort();
            return fail("connected to " + url + " although it should be refused");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            return fail("no answer from " + url + ": " + e);
        }
    }

    /**
     * True for a refused connection: a ConnectException, or an IOException without a handshake answer (a port
     * taken from the ephemeral range can, rarely, connect to itself once nothing listens on it).
     */
    public static boolean refused(Throwable failure) {
        return failure instanceof java.io.IOException;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    frames.add(part.toString());
                    part.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    public WsClient send(String text) {
        try {
            socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed: " + e, e);
        }
        return this;
    }

    public WsClient send(Object json) {
        try {
            return send(json instanceof String s ? s : JSON.writeValueAsString(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The next text frame; fails the test when none comes within {@link #WAIT}. */
    public String next() {
        return next(WAIT);
    }

    public String next(Duration timeout) {
        try {
            String f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(f, "no frame within " + timeout.toMillis() + " ms");
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode nextJson() {
        String f = next();
        try {
            return JSON.readTree(f);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return fail("frame is not JSON: " + f);
        }
    }

    /** The next frame if one comes within the timeout, else null (for "nothing is sent" checks). */
    public String poll(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and returns the next frame (the reply, when nothing else is pushed meanwhile). */
    public JsonNode call(Object json) {
        send(json);
        return nextJson();
    }

    public int awaitClosed() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return fail("the connection was not closed within " + WAIT.toMillis() + " ms");
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}

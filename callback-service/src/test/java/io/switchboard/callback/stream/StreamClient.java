package io.switchboard.callback.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream client on the JDK's own WebSocket (no code shared with the server). It reads only while it is not
 * paused: a paused client stops taking frames off the network, as a stuck merchant would.
 */
final class StreamClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private WebSocket socket;

    /** A refused handshake: the HTTP status and the error headers. */
    record Refusal(int status, int errorCode, String reason) {}

    private StreamClient(boolean paused) {
        this.paused = paused;
    }

    static StreamClient open(URI uri, Map<String, String> headers, boolean paused) {
        StreamClient c = new StreamClient(paused);
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        c.socket = b.buildAsync(uri, c).join();
        return c;
    }

    /** The refusal of a handshake that must fail. */
    static Refusal refused(URI uri, Map<String, String> headers) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        try {
            WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() { }).join();
            ws.abort();
            throw new AssertionError("the handshake was accepted: " + uri);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                var r = h.getResponse();
                return new Refusal(r.statusCode(),
                        Integer.parseInt(r.headers().firstValue(StreamHandshake.ERROR_HEADER).orElse("0")),
                        r.headers().firstValue(StreamHandshake.REASON_HEADER).orElse(""));
            }
            throw e;
        }
    }

    void resume() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (!paused) {
            webSocket.request(Long.MAX_VALUE);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("a frame is not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    List<String> ids() {
        return frames.stream().map(f -> f.path("id").asText()).toList();
    }

    List<Long> cursors() {
        return frames.stream().map(f -> Long.parseLong(f.path("cursor").asText())).toList();
    }

    String lastCursor() {
        return frames.getLast().path("cursor").asText();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(t -> null).join();
        }
        socket.abort();
    }
}

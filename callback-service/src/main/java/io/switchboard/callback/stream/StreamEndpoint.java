package io.switchboard.callback.stream;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

/**
 * {@code GET /stream/ws}: the merchants' live stream (DESIGN §3, docs/STREAM.md). {@link StreamHandshake} has
 * authenticated the caller and taken a connection slot before the upgrade; {@link StreamHub} feeds the socket.
 * Traffic is one way: text from the client is ignored.
 */
@WebSocket(path = "/stream/ws", endpointId = StreamEndpoint.ID)
public class StreamEndpoint {
    public static final String ID = "merchant-stream";

    @Inject
    StreamHub hub;

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        hub.opened(connection);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        hub.closed(connection);
    }

    @OnTextMessage
    public void onText(String ignored) {
        // No client → platform messages are defined; the cursor travels in the next handshake's since.
    }
}

package io.switchboard.callback.driver.line;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

/**
 * {@code GET /LineProtocol/push}: the device's command socket (DESIGN §4). {@link PushHandshakeCheck} has
 * verified the signed headers before the upgrade, so an open socket is an authenticated device. Traffic is one
 * way: results come back over {@code POST /LineProtocol/*}, so text from the device is ignored.
 */
@WebSocket(path = "/LineProtocol/push", endpointId = LinePushEndpoint.ID)
public class LinePushEndpoint {
    public static final String ID = "line-device-push";
    static final String DEVICE_NO = "device-no";

    @Inject
    DeviceSessions sessions;

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        sessions.opened(connection.handshakeRequest().header(DEVICE_NO), connection);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.handshakeRequest().header(DEVICE_NO), connection);
    }

    @OnTextMessage
    public void onText(String ignored) {
        // The seed defines no device → platform frames on this socket.
    }
}

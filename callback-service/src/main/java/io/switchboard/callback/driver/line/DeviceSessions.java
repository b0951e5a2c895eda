package io.switchboard.callback.driver.line;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.LinkOwnership;
import io.switchboard.callback.link.RobotInbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The push sockets this replica holds, one per device; the socket is the only thing kept in memory (ownership is
 * the seam's, the commands are in PostgreSQL). The newest connection of a device wins: it replaces an older socket
 * here, and takes the link from another replica, which then closes its socket ({@link LineDeviceDriver#lost}).
 */
@ApplicationScoped
public class DeviceSessions {
    private static final Logger LOG = Logger.getLogger(DeviceSessions.class);
    static final CloseReason SUPERSEDED = new CloseReason(4000, "superseded by a newer connection of this device");
    /** RFC 6455's 1012 "service restart": this replica is going away, connect again (another replica answers). */
    static final CloseReason RESTARTING = new CloseReason(1012, "this replica is shutting down; reconnect");

    @Inject
    LinkOwnership ownership;
    @Inject
    RobotInbound inbound;

    private final Map<String, WebSocketConnection> local = new ConcurrentHashMap<>();

    static LinkId link(String deviceNo) {
        return new LinkId(LineDeviceDriver.PROTOCOL, deviceNo);
    }

    /** Registers the socket first, then takes the link (which pushes what waits): no command can slip between. */
    public void opened(String deviceNo, WebSocketConnection connection) {
        WebSocketConnection old = local.put(deviceNo, connection);
        if (old != null && old != connection) {
            close(old);
        }
        inbound.linkBeat(link(deviceNo));
        ownership.connected(link(deviceNo));
        LOG.infof("device %s connected", deviceNo);
    }

    public void closed(String deviceNo, WebSocketConnection connection) {
        if (local.remove(deviceNo, connection)) {
            ownership.disconnected(link(deviceNo));
            LOG.infof("device %s disconnected", deviceNo);
        }
    }

    /** Another replica holds the device's newest socket: close the one here. */
    void supersede(String deviceNo) {
        WebSocketConnection c = local.remove(deviceNo);
        if (c != null) {
            close(c);
        }
    }

    /** This replica is shutting down: close the device's socket with {@link #RESTARTING} so it reconnects. */
    void restart(String deviceNo) {
        WebSocketConnection c = local.remove(deviceNo);
        if (c != null) {
            c.close(RESTARTING).subscribe().with(v -> { }, e -> { });
        }
    }

    /** The device's open socket on this replica. */
    public Optional<WebSocketConnection> local(String deviceNo) {
        WebSocketConnection c = local.get(deviceNo);
        return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
    }

    public int count() {
        return local.size();
    }

    private static void close(WebSocketConnection c) {
        c.close(SUPERSEDED).subscribe().with(v -> { }, e -> { });
    }
}

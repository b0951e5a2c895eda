package io.switchboard.callback.driver.line;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.callback.presence.PresenceKeys;
import io.switchboard.callback.presence.RedisScripts;
import io.switchboard.callback.presence.ReplicaId;
import io.switchboard.callback.presence.RobotPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The push sockets this replica holds, and the Redis lease that tells other replicas so
 * ({@code sb:device:owner:<deviceNo>} = replica id, PX 30 s, renewed every 10 s). The newest connection of a
 * device wins: it takes the lease, and a replica that finds its lease taken closes its older socket.
 * The socket is the only thing kept in memory; the commands are in PostgreSQL.
 */
@ApplicationScoped
public class DeviceSessions {
    private static final Logger LOG = Logger.getLogger(DeviceSessions.class);
    static final long OWNER_TTL_MS = 30_000;
    static final CloseReason SUPERSEDED = new CloseReason(4000, "superseded by a newer connection of this device");

    @Inject
    RedisDataSource redis;
    @Inject
    RedisScripts scripts;
    @Inject
    ReplicaId replica;
    @Inject
    RobotPresence presence;
    @Inject
    DevicePusher pusher;

    private final Map<String, WebSocketConnection> local = new ConcurrentHashMap<>();

    /** Registers the socket first, then takes the lease, then pushes what waits: no command can slip between. */
    public void opened(String deviceNo, WebSocketConnection connection) {
        WebSocketConnection old = local.put(deviceNo, connection);
        if (old != null && old != connection) {
            old.close(SUPERSEDED).subscribe().with(v -> { }, e -> { });
        }
        redis.value(String.class).set(PresenceKeys.deviceOwner(deviceNo), replica.get(), new SetArgs().px(OWNER_TTL_MS));
        presence.deviceBeat(deviceNo);
        LOG.infof("device %s connected to replica %s", deviceNo, replica.get());
        pusher.flushAsync(deviceNo);
    }

    public void closed(String deviceNo, WebSocketConnection connection) {
        if (local.remove(deviceNo, connection)) {
            scripts.deleteIfValue(PresenceKeys.deviceOwner(deviceNo), replica.get());
            LOG.infof("device %s disconnected", deviceNo);
        }
    }

    /** The device's open socket on this replica. */
    public Optional<WebSocketConnection> local(String deviceNo) {
        WebSocketConnection c = local.get(deviceNo);
        return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
    }

    /** The replica holding the device's socket, or null when none does. */
    public String owner(String deviceNo) {
        return redis.value(String.class).get(PresenceKeys.deviceOwner(deviceNo));
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        local.forEach((deviceNo, c) -> {
            try {
                if (!c.isOpen()) {
                    closed(deviceNo, c);
                } else if (!scripts.renewIfOursOrFree(PresenceKeys.deviceOwner(deviceNo), replica.get(), OWNER_TTL_MS)) {
                    local.remove(deviceNo, c);
                    c.close(SUPERSEDED).subscribe().with(v -> { }, e -> { });
                }
            } catch (RuntimeException e) {
                LOG.warnf("renewing the lease of device %s failed: %s", deviceNo, e.toString());
            }
        });
    }
}

package io.switchboard.callback.driver.line;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.RobotEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Pushes a device's PENDING commands over its socket on this replica, in seq order, marking each PUSHED after
 * it was sent. One flush per device at a time (striped locks), so concurrent triggers (connect, new command,
 * a message from another replica) cannot reorder or double-push.
 */
@ApplicationScoped
public class DevicePusher {
    private static final Logger LOG = Logger.getLogger(DevicePusher.class);
    private static final int BATCH = 50;

    @Inject
    DeviceSessions sessions;
    @Inject
    CommandStore store;
    @Inject
    LineContent content;
    @Inject
    LineFrames frames;
    @Inject
    RobotEvents events;

    private final ReentrantLock[] locks = new ReentrantLock[256];
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sb-line-push");
        t.setDaemon(true);
        return t;
    });

    public DevicePusher() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public void flushAsync(String deviceNo) {
        executor.execute(() -> {
            try {
                flush(deviceNo);
            } catch (RuntimeException e) {
                LOG.warnf("pushing to device %s failed; its commands stay pending: %s", deviceNo, e.toString());
            }
        });
    }

    /** Returns how many commands were pushed. */
    public int flush(String deviceNo) {
        ReentrantLock lock = locks[Math.floorMod(deviceNo.hashCode(), locks.length)];
        lock.lock();
        try {
            int pushed = 0;
            while (true) {
                WebSocketConnection socket = sessions.local(deviceNo).orElse(null);
                if (socket == null) {
                    return pushed;
                }
                List<CommandRecord> batch = QuarkusTransaction.requiringNew().call(() -> store.pendingFor(deviceNo, BATCH));
                for (CommandRecord c : batch) {
                    String frame = frameOrFail(c);
                    if (frame == null) {
                        continue;
                    }
                    try {
                        socket.sendTextAndAwait(frame);
                    } catch (RuntimeException e) {
                        LOG.infof("device %s went away while pushing %s; the rest waits: %s", deviceNo, c.serialNo,
                                e.toString());
                        return pushed;
                    }
                    QuarkusTransaction.requiringNew().run(() -> store.markPushed(c.serialNo));
                    LOG.debugf("pushed command %s (cmd %s) to device %s", c.serialNo, c.cmd, deviceNo);
                    pushed++;
                }
                if (batch.size() < BATCH) {
                    return pushed;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A command whose content cannot be read will never be deliverable: it fails now instead of at its deadline. */
    private String frameOrFail(CommandRecord c) {
        try {
            return frames.frame(c, content.of(c));
        } catch (RuntimeException e) {
            String reason = "the command cannot be sent to the device: " + e.getMessage();
            LOG.errorf("command %s: %s", c.serialNo, reason);
            QuarkusTransaction.requiringNew().run(() -> store.lock(c.serialNo).ifPresent(row -> {
                if (row.status == CommandStatus.PENDING && store.finish(row, CommandStatus.FAILED, reason, null)) {
                    events.commandFailed(row, reason);
                }
            }));
            return null;
        }
    }

    void shutdown(@Observes ShutdownEvent ev) {
        executor.shutdownNow();
    }
}

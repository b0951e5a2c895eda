package io.switchboard.callback.link;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Sends a link's PENDING commands over it, in seq order, through its driver. Each command is marked PUSHED with the
 * driver's correlation id <em>before</em> it is sent, so a result that comes back at once finds it; if the link went
 * away the mark is undone and the command waits. One flush per link at a time (striped locks), so concurrent
 * triggers (acquire, a new command, a routing message, the re-dispatch) cannot reorder or double-send.
 */
@ApplicationScoped
public class LinkPusher {
    private static final Logger LOG = Logger.getLogger(LinkPusher.class);
    private static final int BATCH = 50;

    @Inject
    Drivers drivers;
    @Inject
    CommandStore store;
    @Inject
    CommandResults results;

    private final ReentrantLock[] locks = new ReentrantLock[256];
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sb-link-push");
        t.setDaemon(true);
        return t;
    });

    /** Shutting down: nothing more is sent from here; what waits goes out from the replica that takes the link. */
    private volatile boolean paused;

    public void pause() {
        paused = true;
    }

    public LinkPusher() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public void flushAsync(LinkId link) {
        executor.execute(() -> {
            try {
                flush(link);
            } catch (RuntimeException e) {
                LOG.warnf("pushing to link %s failed; its commands stay pending: %s", link, e.toString());
            }
        });
    }

    /** Returns how many commands were sent. */
    public int flush(LinkId link) {
        RobotDriver driver = drivers.forProtocol(link.protocol()).orElse(null);
        if (driver == null) {
            return 0;
        }
        ReentrantLock lock = locks[Math.floorMod(link.hashCode(), locks.length)];
        lock.lock();
        try {
            int sent = 0;
            while (true) {
                if (paused || !driver.holds(link.key())) {
                    return sent;
                }
                List<CommandRecord> batch = QuarkusTransaction.requiringNew()
                        .call(() -> store.pendingFor(link.protocol(), link.key(), BATCH));
                for (CommandRecord c : batch) {
                    if (!sendOne(driver, link, c)) {
                        return sent;
                    }
                    sent++;
                }
                if (batch.size() < BATCH) {
                    return sent;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** False when the link went away (the rest waits). */
    private boolean sendOne(RobotDriver driver, LinkId link, CommandRecord c) {
        String correlation = driver.correlationId(c);
        if (!QuarkusTransaction.requiringNew().call(() -> store.markPushed(c.serialNo, correlation))) {
            return true; // finished or sent meanwhile
        }
        try {
            driver.send(link.key(), c);
            LOG.debugf("sent command %s (%s) over link %s", c.serialNo, c.operation, link);
            return true;
        } catch (RobotDriver.Undeliverable e) {
            String reason = "the command cannot be sent over " + link.protocol() + ": " + e.getMessage();
            LOG.errorf("command %s: %s", c.serialNo, reason);
            results.failNow(c.serialNo, reason);
            return true;
        } catch (RuntimeException e) {
            // LinkGone, or anything unexpected: the command was not sent, so it waits for the link.
            QuarkusTransaction.requiringNew().run(() -> store.unmarkPushed(c.serialNo));
            LOG.infof("link %s went away while sending %s; the rest waits: %s", link, c.serialNo, e.toString());
            return false;
        }
    }

    void shutdown(@Observes ShutdownEvent ev) {
        executor.shutdownNow();
    }
}

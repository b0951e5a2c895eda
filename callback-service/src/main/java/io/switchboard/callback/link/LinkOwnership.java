package io.switchboard.callback.link;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.config.CallbackConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The links this replica owns, and their lifecycle: acquire (a device connected here, or an orphaned engine link
 * taken over), lose (another replica took it, or this replica's liveness lapsed) and release (closed here). Drivers
 * hook it through {@link RobotDriver#acquired}, {@link RobotDriver#lost} and {@link RobotDriver#released}; what
 * waits for a link is pushed as soon as it is acquired.
 */
@ApplicationScoped
public class LinkOwnership {
    private static final Logger LOG = Logger.getLogger(LinkOwnership.class);

    @Inject
    LinkLeases leases;
    @Inject
    LinkRouter router;
    @Inject
    LinkPusher pusher;
    @Inject
    Drivers drivers;
    @Inject
    CommandStore store;
    @Inject
    CallbackConfig config;

    /** Observer order at shutdown: after the webhook dispatcher stopped claiming, before it waits for its sends. */
    public static final int HANDOVER_PRIORITY = 200;

    private final Set<LinkId> owned = ConcurrentHashMap.newKeySet();
    /** Set when shutdown begins: no link is taken here any more. */
    private volatile boolean draining;

    /** True once this replica is shutting down: new device sockets are refused (retryable) and nothing is taken. */
    public boolean draining() {
        return draining;
    }

    /**
     * A link came up on this replica by itself (a device connected here): the newest connection wins, so the link
     * is taken whatever held it, the previous owner is told to let go, and what waits is pushed.
     */
    public void connected(LinkId link) {
        owned.add(link);
        String previous = leases.take(link);
        if (previous != null) {
            router.tellLose(previous, link);
        }
        LOG.debugf("link %s is owned by replica %s", link, leases.me());
        pusher.flushAsync(link);
    }

    /** The link closed on this replica (a device's socket went away): it is free for whoever it connects to next. */
    public void disconnected(LinkId link) {
        if (owned.remove(link)) {
            leases.release(link);
        }
    }

    /**
     * Takes over an engine link nobody alive owns: the driver opens it, then what waits is pushed. False when another
     * live replica owns it or the driver could not open it (the link stays free for the next attempt).
     */
    public boolean tryAcquire(RobotLinks.Link link, RobotDriver driver) {
        LinkId id = link.id();
        if (draining) {
            return false; // shutting down: a live replica takes it
        }
        if (!owned.add(id)) {
            return true; // held here already, or being acquired by another thread (route and re-dispatch race)
        }
        if (!leases.takeIfFree(id)) {
            owned.remove(id);
            return false;
        }
        try {
            driver.acquired(link);
        } catch (RuntimeException e) {
            LOG.warnf("opening link %s failed; it stays free for another attempt: %s", id, e.toString());
            owned.remove(id);
            leases.release(id);
            return false;
        }
        LOG.infof("took over link %s", id);
        pusher.flushAsync(id);
        return true;
    }

    /** Another replica owns the link now: close what this replica holds of it. */
    public void lose(LinkId link) {
        if (owned.remove(link)) {
            LOG.infof("link %s moved to another replica; closing it here", link);
            drivers.forProtocol(link.protocol()).ifPresent(d -> d.lost(link.key()));
        }
    }

    /** The link is not wanted any more (its robot logged out): close and free it. */
    public void release(LinkId link) {
        if (owned.remove(link)) {
            leases.release(link);
            drivers.forProtocol(link.protocol()).ifPresent(d -> d.released(link.key()));
        }
    }

    /**
     * Before engine links move: waits (up to {@code command-wait}) until no command sent over them waits for its
     * result, so the taker need not fail the ones it cannot safely send again. Nothing new is sent meanwhile.
     */
    private void awaitEngineResults() {
        Map<String, List<String>> byProtocol = owned().stream()
                .filter(l -> drivers.forProtocol(l.protocol()).map(RobotDriver::takesOver).orElse(false))
                .collect(Collectors.groupingBy(LinkId::protocol, Collectors.mapping(LinkId::key, Collectors.toList())));
        if (byProtocol.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdown().commandWait().toNanos();
        try {
            while (true) {
                long sent = 0;
                for (Map.Entry<String, List<String>> e : byProtocol.entrySet()) {
                    List<String> keys = e.getValue();
                    for (int from = 0; from < keys.size(); from += 1_000) {
                        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 1_000));
                        sent += QuarkusTransaction.requiringNew().call(() -> store.countPushed(e.getKey(), chunk));
                    }
                }
                if (sent == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warnf("%d engine commands still wait for their results; handing their links over anyway", sent);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("cannot tell whether engine commands wait for results; handing the links over: %s", e.toString());
        }
    }

    /** This replica could not prove it is alive for a whole lease: others may own its links now. */
    public void loseAll(String why) {
        List<LinkId> all = owned();
        if (!all.isEmpty()) {
            LOG.errorf("dropping all %d links of replica %s: %s", all.size(), leases.me(), why);
        }
        all.forEach(this::lose);
    }

    public boolean owns(LinkId link) {
        return owned.contains(link);
    }

    public List<LinkId> owned() {
        return new ArrayList<>(owned);
    }

    public int count() {
        return owned.size();
    }

    /**
     * Hands every link over at shutdown, so survivors need not wait for this replica's liveness to lapse: stops
     * taking links and sending commands, lets commands sent over engine links get their results, releases each one and closes it here (devices are told to reconnect), gives up the liveness
     * key, then tells the other replicas, which take the engine links over at once.
     */
    void shutdown(@Observes @Priority(HANDOVER_PRIORITY) ShutdownEvent ev) {
        draining = true;
        pusher.pause();
        long t0 = System.nanoTime();
        awaitEngineResults();
        List<LinkId> all = owned();
        for (LinkId link : all) {
            try {
                owned.remove(link);
                leases.release(link);
                drivers.forProtocol(link.protocol()).ifPresent(d -> d.handedOver(link.key()));
            } catch (RuntimeException e) {
                LOG.debugf("releasing %s at shutdown failed: %s", link, e.toString());
            }
        }
        try {
            leases.dropAlive();
        } catch (RuntimeException e) {
            LOG.debugf("dropping the liveness key at shutdown failed: %s", e.toString());
        }
        router.announceHandover();
        LOG.infof("replica %s handed %d links over in %d ms", leases.me(), all.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}

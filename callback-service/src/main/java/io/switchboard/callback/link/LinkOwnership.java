package io.switchboard.callback.link;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    private final Set<LinkId> owned = ConcurrentHashMap.newKeySet();

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

    /** Frees every link at once, so survivors need not wait for this replica's liveness to lapse. */
    void shutdown(@Observes ShutdownEvent ev) {
        for (LinkId link : owned()) {
            try {
                owned.remove(link);
                leases.release(link);
                drivers.forProtocol(link.protocol()).ifPresent(d -> d.lost(link.key()));
            } catch (RuntimeException e) {
                LOG.debugf("releasing %s at shutdown failed: %s", link, e.toString());
            }
        }
        try {
            leases.dropAlive();
        } catch (RuntimeException e) {
            LOG.debugf("dropping the liveness key at shutdown failed: %s", e.toString());
        }
    }
}

package io.switchboard.callback.link;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.config.CallbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The periodic work that keeps links owned and commands moving, each a bounded number of round trips:
 * <ul>
 *   <li>renew — this replica's liveness key, one Redis write; if renewing fails for a whole lease, the replica
 *       assumes its links are gone (another replica may own them) and drops them;</li>
 *   <li>re-dispatch — links with commands PENDING for longer than one period: those this replica owns are flushed
 *       again, engine links nobody owns are taken over; so a lost dispatch or routing message costs seconds;</li>
 *   <li>takeover — engine links that should be connected but have no live owner (their replica died) are taken,
 *       a batch per round, so the survivors share them;</li>
 *   <li>reconcile — the owner map is checked against the links held here: a link another replica took (a dropped
 *       "lose" message) is closed here, a field Redis lost is written back.</li>
 * </ul>
 */
@ApplicationScoped
public class LinkMaintenance {
    private static final Logger LOG = Logger.getLogger(LinkMaintenance.class);
    private static final int PAGE = 500;

    @Inject
    LinkLeases leases;
    @Inject
    LinkOwnership ownership;
    @Inject
    LinkPusher pusher;
    @Inject
    Drivers drivers;
    @Inject
    RobotLinks links;
    @Inject
    CommandStore store;
    @Inject
    CallbackConfig config;

    private volatile long lastRenewed = System.currentTimeMillis();

    void start(@Observes StartupEvent ev) {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warnf("cannot announce replica %s yet: %s", leases.me(), e.toString());
        }
    }

    @Scheduled(every = "${switchboard.callback.links.renew-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewTick() {
        try {
            renew();
        } catch (RuntimeException e) {
            long silent = System.currentTimeMillis() - lastRenewed;
            LOG.warnf("renewing the liveness of replica %s failed (%d ms since the last renewal): %s", leases.me(),
                    silent, e.toString());
            if (silent > config.links().leaseTtl().toMillis()) {
                ownership.loseAll("its liveness key could not be renewed for " + silent + " ms");
            }
        }
    }

    void renew() {
        leases.renewAlive();
        lastRenewed = System.currentTimeMillis();
    }

    @Scheduled(every = "${switchboard.callback.links.redispatch-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void redispatchTick() {
        try {
            redispatch();
        } catch (RuntimeException e) {
            LOG.warnf("re-dispatch failed, will retry: %s", e.toString());
        }
    }

    /** Flushes owned links with old PENDING commands; returns how many links were flushed. */
    public int redispatch() {
        Instant olderThan = Instant.now().minus(config.links().redispatchInterval());
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> store.linksWithPending(olderThan, 10_000));
        int flushed = 0;
        for (Object[] row : rows) {
            LinkId link = new LinkId((String) row[0], (String) row[1]);
            if (ownership.owns(link)) {
                pusher.flushAsync(link);
                flushed++;
            } else {
                adoptIfEngine(link);
            }
        }
        return flushed;
    }

    @Scheduled(every = "${switchboard.callback.links.takeover-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void takeoverTick() {
        try {
            takeover();
        } catch (RuntimeException e) {
            LOG.warnf("link takeover failed, will retry: %s", e.toString());
        }
    }

    /** Takes over engine links that should be connected and have no live owner; returns how many. */
    public int takeover() {
        List<String> protocols = drivers.all().stream().filter(RobotDriver::takesOver).map(RobotDriver::protocol).toList();
        if (protocols.isEmpty()) {
            return 0;
        }
        int budget = config.links().takeoverBatch();
        int taken = 0;
        String after = "";
        while (taken < budget) {
            String from = after;
            List<RobotLinks.Link> page = QuarkusTransaction.requiringNew().call(() -> links.connected(protocols, from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            List<RobotLinks.Link> orphans = new ArrayList<>();
            List<LinkId> ids = page.stream().map(RobotLinks.Link::id).toList();
            List<String> owners = leases.liveOwners(ids);
            for (int i = 0; i < page.size(); i++) {
                if (owners.get(i) == null && !ownership.owns(ids.get(i))) {
                    orphans.add(page.get(i));
                }
            }
            for (RobotLinks.Link l : orphans) {
                if (taken >= budget) {
                    break;
                }
                RobotDriver d = drivers.forProtocol(l.id().protocol()).orElse(null);
                if (d != null && ownership.tryAcquire(l, d)) {
                    taken++;
                }
            }
            after = page.get(page.size() - 1).robotSerialNo();
        }
        return taken;
    }

    /** An engine link with work and no live owner is taken here at once rather than at the next takeover round. */
    void adoptIfEngine(LinkId link) {
        RobotDriver d = drivers.forProtocol(link.protocol()).orElse(null);
        if (d == null || !d.takesOver()) {
            LOG.debugf("link %s is not connected; its commands wait for it", link);
            return;
        }
        QuarkusTransaction.requiringNew().call(() -> links.link(link))
                .filter(l -> l.id().equals(link))
                .ifPresent(l -> ownership.tryAcquire(l, d));
    }

    @Scheduled(every = "${switchboard.callback.links.reconcile-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileTick() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warnf("link reconcile failed, will retry: %s", e.toString());
        }
    }

    /** Checks the links held here against the owner map, {@value #PAGE} per round trip. */
    public void reconcile() {
        List<LinkId> held = ownership.owned();
        for (int from = 0; from < held.size(); from += PAGE) {
            List<LinkId> chunk = held.subList(from, Math.min(held.size(), from + PAGE));
            List<String> owners = leases.recordedOwners(chunk);
            List<LinkId> missing = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                String owner = owners.get(i);
                if (owner == null) {
                    missing.add(chunk.get(i));
                } else if (!owner.equals(leases.me())) {
                    ownership.lose(chunk.get(i));
                }
            }
            if (leases.restore(missing) > 0) {
                LOG.infof("re-recorded %d links of replica %s that Redis had lost", missing.size(), leases.me());
            }
        }
    }
}

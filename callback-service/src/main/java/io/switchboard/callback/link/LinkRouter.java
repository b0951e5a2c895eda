package io.switchboard.callback.link;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.command.CommandConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Routes "link L has commands waiting" to the replica that owns L: this one (push now), another live one (PUBLISH
 * {@code push protocol|key} on {@code sb:replica:<id>}; that replica pushes), or none (the commands wait in
 * PostgreSQL until the link is acquired; an engine link is taken over at once). A lost message costs at most one
 * re-dispatch period ({@link LinkMaintenance}), never a deadline. The same channel carries {@code lose
 * protocol|key} when a link moved to another replica.
 */
@ApplicationScoped
public class LinkRouter {
    private static final Logger LOG = Logger.getLogger(LinkRouter.class);
    public static final String CHANNEL_PREFIX = "sb:replica:";
    static final String PUSH = "push ";
    static final String LOSE = "lose ";
    /** Every replica listens here: {@code handover <replica>} when one shut down and released its links. */
    public static final String BROADCAST = "sb:replicas";
    static final String HANDOVER = "handover ";

    @Inject
    LinkLeases leases;
    @Inject
    LinkOwnership ownership;
    @Inject
    LinkPusher pusher;
    @Inject
    LinkMaintenance maintenance;
    @Inject
    RedisDataSource redis;

    private volatile PubSubCommands.RedisSubscriber subscriber;
    private volatile PubSubCommands.RedisSubscriber broadcasts;
    // Routing asks Redis: never on the consumer's or an event-loop thread.
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sb-link-route");
        t.setDaemon(true);
        return t;
    });

    public static String channel(String replicaId) {
        return CHANNEL_PREFIX + replicaId;
    }

    void start(@Observes StartupEvent ev) {
        subscribe();
    }

    /** Retries the subscription if Redis was not there at start. */
    @Scheduled(every = "30s", delayed = "30s")
    void ensureSubscribed() {
        if (subscriber == null || broadcasts == null) {
            subscribe();
        }
    }

    private synchronized void subscribe() {
        try {
            if (subscriber == null) {
                subscriber = redis.pubsub(String.class).subscribe(channel(leases.me()), this::onMessage);
            }
            if (broadcasts == null) {
                broadcasts = redis.pubsub(String.class).subscribe(BROADCAST, this::onBroadcast);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot subscribe to %s yet: %s", channel(leases.me()), e.toString());
        }
    }

    /** Tells every replica that this one released its links (graceful shutdown): they take the engine links now. */
    void announceHandover() {
        try {
            redis.pubsub(String.class).publish(BROADCAST, HANDOVER + leases.me());
        } catch (RuntimeException e) {
            LOG.debugf("announcing the handover failed; the takeover round will find the links: %s", e.toString());
        }
    }

    void onBroadcast(String message) {
        if (message == null || !message.startsWith(HANDOVER) || message.substring(HANDOVER.length()).equals(leases.me())
                || ownership.draining()) {
            return;
        }
        executor.execute(() -> {
            try {
                int taken = maintenance.takeover();
                LOG.infof("replica %s handed its links over; took %d engine links", message.substring(HANDOVER.length()),
                        taken);
            } catch (RuntimeException e) {
                LOG.warnf("taking over handed-over links failed; the takeover round will retry: %s", e.toString());
            }
        });
    }

    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandConsumer.CommandStored s) {
        executor.execute(() -> {
            try {
                route(s.link());
            } catch (RuntimeException e) {
                LOG.warnf("routing command %s failed; the re-dispatch will pick it up: %s", s.serialNo(), e.toString());
            }
        });
    }

    /** Sends the link's waiting commands on their way (see the class comment). */
    public void route(LinkId link) {
        if (ownership.owns(link)) {
            pusher.flushAsync(link);
            return;
        }
        String owner = leases.liveOwner(link);
        if (owner == null) {
            maintenance.adoptIfEngine(link);
        } else if (owner.equals(leases.me())) {
            pusher.flushAsync(link);
        } else {
            redis.pubsub(String.class).publish(channel(owner), PUSH + link.field());
        }
    }

    /** Tells a replica that a link it held is owned by this one now. */
    void tellLose(String replicaId, LinkId link) {
        redis.pubsub(String.class).publish(channel(replicaId), LOSE + link.field());
    }

    void onMessage(String message) {
        LinkId link = message == null || message.length() < PUSH.length() ? null
                : LinkId.parse(message.substring(PUSH.length()));
        if (link == null) {
            LOG.debugf("ignored a malformed routing message");
            return;
        }
        if (message.startsWith(PUSH)) {
            pusher.flushAsync(link);
        } else if (message.startsWith(LOSE)) {
            // Checked, because the link may have come back here since the message was sent.
            executor.execute(() -> {
                String owner = leases.recordedOwners(List.of(link)).get(0);
                if (owner != null && !owner.equals(leases.me())) {
                    ownership.lose(link);
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        for (PubSubCommands.RedisSubscriber s : new PubSubCommands.RedisSubscriber[] {subscriber, broadcasts}) {
            if (s != null) {
                try {
                    s.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debugf("unsubscribe failed at shutdown: %s", e.toString());
                }
            }
        }
        executor.shutdownNow();
    }
}

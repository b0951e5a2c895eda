package io.switchboard.callback.driver.line;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.presence.PresenceKeys;
import io.switchboard.callback.presence.ReplicaId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Routes "device D has commands waiting" to the replica holding D's socket: this one (push now), another one
 * (PUBLISH D on {@code sb:replica:<id>}; that replica pushes), or none (the commands wait in PostgreSQL and are
 * pushed when D connects). A lost message only delays a command until the next connect.
 */
@ApplicationScoped
public class DeviceRouter {
    private static final Logger LOG = Logger.getLogger(DeviceRouter.class);

    @Inject
    DeviceSessions sessions;
    @Inject
    DevicePusher pusher;
    @Inject
    RedisDataSource redis;
    @Inject
    ReplicaId replica;

    private volatile PubSubCommands.RedisSubscriber subscriber;

    void start(@Observes StartupEvent ev) {
        subscribe();
    }

    /** Retries the subscription if Redis was not there at start. */
    @Scheduled(every = "30s", delayed = "30s")
    void ensureSubscribed() {
        if (subscriber == null) {
            subscribe();
        }
    }

    private synchronized void subscribe() {
        if (subscriber != null) {
            return;
        }
        try {
            subscriber = redis.pubsub(String.class).subscribe(PresenceKeys.replicaChannel(replica.get()),
                    pusher::flushAsync);
        } catch (RuntimeException e) {
            LOG.warnf("cannot subscribe to %s yet: %s", PresenceKeys.replicaChannel(replica.get()), e.toString());
        }
    }

    public void route(String deviceNo) {
        String owner = sessions.owner(deviceNo);
        boolean here = sessions.local(deviceNo).isPresent();
        if (here && (owner == null || owner.equals(replica.get()))) {
            pusher.flushAsync(deviceNo);
        } else if (owner != null && !owner.equals(replica.get())) {
            redis.pubsub(String.class).publish(PresenceKeys.replicaChannel(owner), deviceNo);
        } else {
            LOG.debugf("device %s is offline; its commands wait for it to connect", deviceNo);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        PubSubCommands.RedisSubscriber s = subscriber;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debugf("unsubscribe failed at shutdown: %s", e.toString());
            }
        }
    }
}

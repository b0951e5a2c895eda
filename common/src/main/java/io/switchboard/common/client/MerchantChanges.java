package io.switchboard.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.api.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

/**
 * Tells every replica of every service that a merchant changed (key, active flag, callback URL, webhook secrets),
 * so no cache keeps serving the old answer. account-service calls {@link #publishAfterCommit} in the transaction
 * that changes a merchant; after commit the change is applied on this replica at once and published on the Redis
 * channel {@value #CHANNEL}. Every replica subscribes and fires {@link Changed} to its caches
 * ({@link AccountDirectory}, account-service's own directory).
 *
 * <p>Pub/sub is fire-and-forget: a replica that is not connected at that moment misses the message. So caches
 * also expire ({@link AccountDirectory#FRESH} bounds how long a missed change stays unseen), and a replica that
 * (re)subscribes after a gap forgets every cached merchant, since it cannot know what it missed.
 */
@ApplicationScoped
public class MerchantChanges {
    private static final Logger LOG = Logger.getLogger(MerchantChanges.class);

    public static final String CHANNEL = "sb:merchant:changed";

    /** A merchant changed; {@code all} means "forget every merchant" (after a gap in the subscription). */
    @RegisterForReflection // Jackson writes it by reflection (also in a native image)
    public record Changed(String merchantId, String appId, boolean all) {
        static Changed everything() {
            return new Changed(null, null, true);
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    Event<Changed> changed;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private volatile PubSubCommands.RedisSubscriber subscriber;
    private volatile boolean listening;

    void start(@Observes StartupEvent ev) {
        listen();
    }

    /** Re-subscribes after Redis dropped the subscription (or was down at start). */
    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        if (!listening) {
            listen();
        }
    }

    synchronized void listen() {
        if (listening) {
            return;
        }
        try {
            subscriber = redis.pubsub(String.class).subscribe(CHANNEL, this::onMessage, this::onEnd, this::onError);
            listening = true;
            // Whatever was published while nobody listened here is lost: start over.
            changed.fire(Changed.everything());
        } catch (RuntimeException e) {
            LOG.warnf("cannot subscribe to %s (retrying every 10 s; caches expire meanwhile): %s", CHANNEL, e.toString());
        }
    }

    /** True while this replica receives merchant changes. */
    public boolean listening() {
        return listening;
    }

    private void onEnd() {
        listening = false;
        LOG.warnf("subscription to %s ended; re-subscribing", CHANNEL);
    }

    private void onError(Throwable t) {
        listening = false;
        LOG.warnf("subscription to %s failed (%s); re-subscribing", CHANNEL, t.toString());
    }

    /**
     * Announces a change of this merchant once the current transaction commits (nothing if it rolls back): to this
     * replica's caches at once, and to all others through Redis.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAfterCommit(String merchantId, String appId) {
        Changed c = new Changed(merchantId, appId, false);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    announce(c);
                }
            }
        });
    }

    void announce(Changed c) {
        changed.fire(c);
        try {
            redis.pubsub(String.class).publish(CHANNEL, json.writeValueAsString(c));
        } catch (Exception e) {
            LOG.warnf("could not publish the change of merchant %s (other replicas see it within %d s): %s",
                    c.merchantId(), AccountDirectory.FRESH.toSeconds(), e.toString());
        }
    }

    /** Runs on the subscription's event loop: parse, check, fire; observers only drop cache entries. */
    void onMessage(String raw) {
        try {
            JsonNode n = json.readTree(raw);
            String merchantId = n.path("merchantId").asText(null);
            String appId = n.path("appId").asText(null);
            if (n.path("all").asBoolean(false)) {
                changed.fire(Changed.everything());
            } else if ((merchantId == null || Formats.isId(merchantId)) && (appId == null || Formats.isId(appId))
                    && (merchantId != null || appId != null)) {
                changed.fire(new Changed(merchantId, appId, false));
            } else {
                LOG.warnf("ignoring a malformed message on %s", CHANNEL);
            }
        } catch (Exception e) {
            LOG.warnf("ignoring an unreadable message on %s: %s", CHANNEL, e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        PubSubCommands.RedisSubscriber s = subscriber;
        listening = true; // no re-subscribing while shutting down
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debugf("unsubscribe at shutdown: %s", e.toString());
            }
        }
    }
}

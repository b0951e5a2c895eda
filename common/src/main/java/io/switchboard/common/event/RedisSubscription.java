package io.switchboard.common.event;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A Redis pub/sub subscription to one channel that can be renewed: {@link #ensure()} subscribes when not
 * listening (Redis down at start, or the subscription ended or failed since), so a periodic call brings it back.
 * Messages published while nobody listened are lost; callers keep a fallback (a poll, a cache expiry).
 */
public final class RedisSubscription {
    private static final Logger LOG = Logger.getLogger(RedisSubscription.class);

    private final RedisDataSource redis;
    private final String channel;
    private final Consumer<String> handler;
    private volatile PubSubCommands.RedisSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean closed;

    public RedisSubscription(RedisDataSource redis, String channel, Consumer<String> handler) {
        this.redis = redis;
        this.channel = channel;
        this.handler = handler;
    }

    /** Subscribes unless listening already; true when listening afterwards. */
    public synchronized boolean ensure() {
        if (listening || closed) {
            return listening;
        }
        try {
            subscriber = redis.pubsub(String.class).subscribe(channel, handler, this::ended, this::failed);
            listening = true;
        } catch (RuntimeException e) {
            LOG.warnf("cannot subscribe to %s yet: %s", channel, e.toString());
        }
        return listening;
    }

    public boolean listening() {
        return listening;
    }

    private void ended() {
        listening = false;
        LOG.warnf("subscription to %s ended; it is renewed at the next check", channel);
    }

    private void failed(Throwable t) {
        listening = false;
        LOG.warnf("subscription to %s failed (%s); it is renewed at the next check", channel, t.toString());
    }

    /** Unsubscribes for good (shutdown). */
    public synchronized void close() {
        closed = true;
        PubSubCommands.RedisSubscriber s = subscriber;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debugf("unsubscribe from %s at shutdown: %s", channel, e.toString());
            }
        }
    }
}

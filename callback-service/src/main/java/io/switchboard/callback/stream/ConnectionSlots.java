package io.switchboard.callback.stream;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The per-merchant connection limit, across replicas: a Redis sorted set per merchant whose members are the
 * open connections' slot ids, scored by when the slot expires. Live connections refresh their slots; a replica
 * that dies without closing its sockets frees them when they expire ({@code slot-ttl}).
 */
@ApplicationScoped
public class ConnectionSlots {
    private static final Logger LOG = Logger.getLogger(ConnectionSlots.class);
    /** Drops expired slots, then adds this one if the merchant is under its limit. 1 when taken, 0 when full. */
    private static final String TAKE = "redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1]) "
            + "if not redis.call('zscore', KEYS[1], ARGV[3]) and redis.call('zcard', KEYS[1]) >= tonumber(ARGV[4]) "
            + "then return 0 end "
            + "redis.call('zadd', KEYS[1], ARGV[2], ARGV[3]) "
            + "redis.call('pexpire', KEYS[1], ARGV[5]) "
            + "return 1";

    @Inject
    RedisDataSource redis;
    @Inject
    CallbackConfig config;

    static String key(String merchantId) {
        return "sb:stream:slots:" + merchantId;
    }

    /** Takes a slot for a new connection, or answers 429 when the merchant has its limit of open connections. */
    public void take(String merchantId, String slot) {
        int limit = config.stream().maxConnectionsPerMerchant();
        long now = System.currentTimeMillis();
        long ttl = config.stream().slotTtl().toMillis();
        Response r;
        try {
            r = redis.execute("EVAL", TAKE, "1", key(merchantId), Long.toString(now), Long.toString(now + ttl), slot,
                    Integer.toString(limit), Long.toString(ttl));
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the connection count is unavailable (Redis)", e);
        }
        if (r == null || r.toLong() != 1) {
            throw new ApiException(ErrorCode.RATE_LIMITED, "merchant " + merchantId + " already has " + limit
                    + " open stream connections (the limit); close one first");
        }
    }

    /** Keeps a live connection's slot (re-added if Redis lost it: a connection that is open counts). */
    public void refresh(String merchantId, String slot) {
        long ttl = config.stream().slotTtl().toMillis();
        try {
            redis.execute("ZADD", key(merchantId), Long.toString(System.currentTimeMillis() + ttl), slot);
            redis.execute("PEXPIRE", key(merchantId), Long.toString(ttl));
        } catch (RuntimeException e) {
            LOG.warnf("stream slot of merchant %s not refreshed: %s", merchantId, e.toString());
        }
    }

    public void release(String merchantId, String slot) {
        try {
            redis.execute("ZREM", key(merchantId), slot);
        } catch (RuntimeException e) {
            LOG.warnf("stream slot of merchant %s not released (it expires by itself): %s", merchantId, e.toString());
        }
    }
}

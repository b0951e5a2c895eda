package io.switchboard.callback.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Small Lua scripts for the check-then-act steps that must be atomic in Redis (the sweeper lock and the offline claim). */
@ApplicationScoped
public class RedisScripts {
    private static final String DELETE_IF_VALUE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
    /** Removes a robot from the heartbeat set only if its last beat is still older than the cutoff. */
    private static final String CLAIM_STALE =
            "local s = redis.call('zscore', KEYS[1], ARGV[1]) "
                    + "if s and tonumber(s) <= tonumber(ARGV[2]) then redis.call('zrem', KEYS[1], ARGV[1]) return s end "
                    + "return false";

    @Inject
    RedisDataSource redis;

    /** DEL key, only while it still holds {@code value} (a lease or lock we own). */
    public boolean deleteIfValue(String key, String value) {
        Response r = redis.execute("EVAL", DELETE_IF_VALUE, "1", key, value);
        return r != null && r.toLong() == 1;
    }

    /** SET key value NX PX ttl; true when taken. */
    public boolean tryLock(String key, String value, long ttlMillis) {
        Response r = redis.execute("SET", key, value, "NX", "PX", Long.toString(ttlMillis));
        return r != null && "OK".equals(r.toString());
    }

    /** Takes a stale robot out of {@code beats}; its last beat (epoch ms), or -1 if it beat since. */
    public long claimStale(String beats, String robot, long cutoffMillis) {
        Response r = redis.execute("EVAL", CLAIM_STALE, "1", beats, robot, Long.toString(cutoffMillis));
        return r == null ? -1 : (long) Double.parseDouble(r.toString());
    }
}

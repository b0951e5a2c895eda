package io.switchboard.callback.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Small Lua scripts for the check-then-act steps that must be atomic in Redis (leases and the offline claim). */
@ApplicationScoped
public class RedisScripts {
    private static final String DELETE_IF_VALUE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
    private static final String RENEW_IF_OURS_OR_FREE =
            "local v = redis.call('get', KEYS[1]) "
                    + "if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
                    + "return 0";
    /** Removes a robot from the heartbeat set only if its last beat is still older than the cutoff. */
    private static final String CLAIM_STALE =
            "local s = redis.call('zscore', KEYS[1], ARGV[1]) "
                    + "if s and tonumber(s) <= tonumber(ARGV[2]) then "
                    + "redis.call('zrem', KEYS[1], ARGV[1]) redis.call('sadd', KEYS[2], ARGV[1]) return s end "
                    + "return false";

    @Inject
    RedisDataSource redis;

    /** DEL key, only while it still holds {@code value} (a lease or lock we own). */
    public boolean deleteIfValue(String key, String value) {
        Response r = redis.execute("EVAL", DELETE_IF_VALUE, "1", key, value);
        return r != null && r.toLong() == 1;
    }

    /** SET key value PX ttl unless another value holds it; true when the key is ours afterwards. */
    public boolean renewIfOursOrFree(String key, String value, long ttlMillis) {
        Response r = redis.execute("EVAL", RENEW_IF_OURS_OR_FREE, "1", key, value, Long.toString(ttlMillis));
        return r != null && r.toLong() == 1;
    }

    /** SET key value NX PX ttl; true when taken. */
    public boolean tryLock(String key, String value, long ttlMillis) {
        Response r = redis.execute("SET", key, value, "NX", "PX", Long.toString(ttlMillis));
        return r != null && "OK".equals(r.toString());
    }

    /** Moves a stale robot from {@code beats} to {@code lost}; its last beat (epoch ms), or -1 if it beat since. */
    public long claimStale(String beats, String lost, String robot, long cutoffMillis) {
        Response r = redis.execute("EVAL", CLAIM_STALE, "2", beats, lost, robot, Long.toString(cutoffMillis));
        return r == null ? -1 : (long) Double.parseDouble(r.toString());
    }
}

package io.switchboard.callback.webhook;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A circuit breaker per merchant endpoint (DESIGN §3), shared by every replica: after {@code threshold} failed
 * attempts in a row the merchant's deliveries wait {@code openFor} instead of all hitting a dead endpoint; then one
 * delivery goes through as a probe, and its outcome closes or re-opens the circuit. A merchant's {@code Retry-After}
 * (429/503) also holds all its deliveries until then.
 *
 * <p>The state is one small Redis hash per merchant ({@code sb:webhook:circuit:<merchantId>}: {@code failures},
 * {@code openUntil}, {@code holdUntil}, epoch ms), read and changed by one Lua script per decision, so replicas agree
 * and the probe is given to exactly one of them. Losing it (FLUSHALL, Redis down: the breaker then fails open)
 * costs at most a few extra attempts, never a delivery: the deliveries themselves live in PostgreSQL.
 */
@ApplicationScoped
public class MerchantCircuit {
    private static final Logger LOG = Logger.getLogger(MerchantCircuit.class);
    static final String KEY_PREFIX = "sb:webhook:circuit:";
    /** A failure count untouched this long is forgotten (beyond any open or hold window). */
    private static final Duration IDLE_TTL = Duration.ofHours(1);

    /** ARGV: now, threshold, openUntil-if-probing. Returns ms to wait, or -1 to go (maybe as the probe). */
    private static final String WAIT =
            "local h = redis.call('hmget', KEYS[1], 'failures', 'openUntil', 'holdUntil') "
                    + "local now = tonumber(ARGV[1]) "
                    + "local hold = tonumber(h[3] or '0') "
                    + "if hold > now then return hold - now end "
                    + "if tonumber(h[1] or '0') < tonumber(ARGV[2]) then return -1 end "
                    + "local open = tonumber(h[2] or '0') "
                    + "if now < open then return open - now end "
                    + "redis.call('hset', KEYS[1], 'openUntil', ARGV[3]) "
                    + "return -1";
    /** ARGV: threshold, openUntil, holdUntil (0: none), ttl ms. Returns the failure count. */
    private static final String FAILURE =
            "local f = redis.call('hincrby', KEYS[1], 'failures', 1) "
                    + "if f >= tonumber(ARGV[1]) then redis.call('hset', KEYS[1], 'openUntil', ARGV[2]) end "
                    + "if tonumber(ARGV[3]) > tonumber(redis.call('hget', KEYS[1], 'holdUntil') or '0') then "
                    + "redis.call('hset', KEYS[1], 'holdUntil', ARGV[3]) end "
                    + "redis.call('pexpire', KEYS[1], ARGV[4]) "
                    + "return f";

    private final RedisDataSource redis;
    private final int threshold;
    private final long openForMillis;
    private final LongSupplier clock;

    @Inject
    public MerchantCircuit(SwitchboardConfig config, RedisDataSource redis) {
        this(redis, config.webhooks().breaker().failures(), config.webhooks().breaker().openFor(),
                System::currentTimeMillis);
    }

    MerchantCircuit(RedisDataSource redis, int threshold, Duration openFor, LongSupplier clock) {
        this.redis = redis;
        this.threshold = Math.max(1, threshold);
        this.openForMillis = openFor.toMillis();
        this.clock = clock;
    }

    /**
     * Null when a delivery may go now; otherwise how long the caller should wait. When an open circuit's time is
     * up, the first caller (of any replica) is let through as the probe and the others keep waiting.
     */
    public Duration waitFor(String merchantId) {
        long now = clock.getAsLong();
        try {
            Response r = redis.execute("EVAL", WAIT, "1", key(merchantId), Long.toString(now),
                    Integer.toString(threshold), Long.toString(now + openForMillis));
            long ms = r == null ? -1 : r.toLong();
            return ms < 0 ? null : Duration.ofMillis(Math.max(1, ms));
        } catch (RuntimeException e) {
            LOG.warnf("merchant circuit unavailable (Redis), delivering without it: %s", e.toString());
            return null;
        }
    }

    public void onSuccess(String merchantId) {
        try {
            redis.key(String.class).del(key(merchantId));
        } catch (RuntimeException e) {
            LOG.warnf("merchant circuit unavailable (Redis), success not recorded: %s", e.toString());
        }
    }

    public void onFailure(String merchantId) {
        onFailure(merchantId, null);
    }

    /** A failed attempt; {@code holdFor} (the merchant's capped Retry-After, or null) holds all its deliveries. */
    public void onFailure(String merchantId, Duration holdFor) {
        long now = clock.getAsLong();
        long hold = holdFor == null ? 0 : holdFor.toMillis();
        long ttl = IDLE_TTL.toMillis() + openForMillis + hold;
        try {
            redis.execute("EVAL", FAILURE, "1", key(merchantId), Integer.toString(threshold),
                    Long.toString(now + openForMillis), Long.toString(hold == 0 ? 0 : now + hold), Long.toString(ttl));
        } catch (RuntimeException e) {
            LOG.warnf("merchant circuit unavailable (Redis), failure not recorded: %s", e.toString());
        }
    }

    static String key(String merchantId) {
        return KEY_PREFIX + merchantId;
    }
}

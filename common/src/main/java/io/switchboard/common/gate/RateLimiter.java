package io.switchboard.common.gate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.api.RateLimited;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Per-merchant Open API rate limits (DESIGN §2; docs/API.md, "Rate limits"): a token bucket per merchant and
 * {@link RateClass}, kept in Redis so every replica of every service draws from the same bucket, and taken in one
 * round trip (a Lua script, so read-refill-take is atomic; Redis' own clock, so replicas' clocks do not matter).
 *
 * <p>When Redis cannot answer, the request goes through unchecked (fail open): the limit protects capacity, not
 * security, and refusing every merchant's traffic because of a limiter hiccup would turn it into an outage. Each
 * such request is counted ({@code sb.openapi.rate.unchecked}) and logged at most once per
 * {@link #FAILURE_LOG_INTERVAL_MS}.
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** A failing limiter is logged at most this often (every failure is counted). */
    static final long FAILURE_LOG_INTERVAL_MS = 60_000;

    /** Which bucket an operation draws from. */
    public enum RateClass {
        /** Every operation except the message sends. */
        GENERAL,
        /** {@code sendMessage} and {@code sendGroupMessage}: the bulk of a merchant's traffic, sized on its own. */
        SEND;

        static final Set<String> SEND_OPERATIONS = Set.of("sendMessage", "sendGroupMessage");

        public static RateClass of(String operation) {
            return SEND_OPERATIONS.contains(operation) ? SEND : GENERAL;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The token bucket {@code bucket} (hash: n = tokens, t = last refill in ms), ARGV[1] tokens per second, ARGV[2]
     * burst. Answers 0 when a token was taken, else the milliseconds until one will be there (nothing is taken).
     */
    private static String takeFrom(String bucket) {
        return """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local state = redis.call('HMGET', BUCKET, 'n', 't')
            local tokens = tonumber(state[1])
            local last = tonumber(state[2])
            if tokens == nil or last == nil then
              tokens = burst
              last = now
            elseif now > last then
              tokens = tokens + (now - last) * rate / 1000
              last = now
            end
            if tokens > burst then tokens = burst end
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', BUCKET, 'n', tostring(tokens), 't', tostring(last))
            redis.call('PEXPIRE', BUCKET, math.ceil(burst * 1000 / rate) + 1000)
            return wait
            """.replace("BUCKET", bucket);
    }

    /** KEYS[1] the bucket; answers as {@link #takeFrom}. */
    static final String TAKE = takeFrom("KEYS[1]");
    static final String TAKE_SHA = sha1(TAKE);

    /**
     * The Open API call's replay record and its rate token in one round trip: KEYS[1] the replay key (set with NX for
     * ARGV[3] ms; already there → -1 and no token is taken), KEYS[2] the bucket (as {@link #takeFrom}).
     */
    static final String ADMIT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[3]) then
              return -1
            end
            """ + takeFrom("KEYS[2]");
    static final String ADMIT_SHA = sha1(ADMIT);

    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry meters;

    private final Map<RateClass, Counter> limited = new EnumMap<>(RateClass.class);
    private final Map<RateClass, Counter> unchecked = new EnumMap<>(RateClass.class);
    private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE / 2);

    @PostConstruct
    void meters() {
        // Per class, never per merchant: a label per merchant id would grow without bound.
        for (RateClass c : RateClass.values()) {
            limited.put(c, meters.counter("sb.openapi.rate.limited", "class", c.label()));
            unchecked.put(c, meters.counter("sb.openapi.rate.unchecked", "class", c.label()));
        }
    }

    /** The limit in force for this merchant and class: its own value where it has one, else the default. */
    public record Limit(double perSecond, int burst) {}

    public Limit limit(RateClass c, RateLimits own) {
        SwitchboardConfig.Rate d = config.rate();
        RateLimits o = own == null ? RateLimits.DEFAULTS : own;
        return c == RateClass.SEND
                ? new Limit(o.sendPerSecond() != null ? o.sendPerSecond() : d.sendPerSecond(),
                        o.sendBurst() != null ? o.sendBurst() : d.sendBurst())
                : new Limit(o.perSecond() != null ? o.perSecond() : d.perSecond(),
                        o.burst() != null ? o.burst() : d.burst());
    }

    /**
     * Takes one request from the merchant's bucket for {@code operation}, or throws {@link RateLimited} (429 with
     * {@code Retry-After}). Lets the request through when Redis fails.
     */
    public void acquire(String merchantId, String operation, RateLimits own) {
        RateClass c = RateClass.of(operation);
        Limit limit = limit(c, own);
        long waitMs;
        try {
            waitMs = take(key(merchantId, c), limit.perSecond(), limit.burst());
        } catch (RuntimeException e) {
            unchecked(c, e);
            return;
        }
        refuseIfEmpty(c, limit, waitMs);
    }

    /**
     * The last step of the Open API gate, in one Redis round trip: records the signed request against replays
     * ({@link ReplayGuard}: 409/40901 when it was seen) and takes the merchant's rate token (429/42901). Unlike
     * {@link #acquire}, a failing Redis refuses the call (503/50301): replay protection fails closed.
     */
    public void admit(String replayKey, java.time.Duration replayTtl, String merchantId, String operation,
                      RateLimits own) {
        RateClass c = RateClass.of(operation);
        Limit limit = limit(c, own);
        long answer;
        try {
            answer = script(ADMIT, ADMIT_SHA, List.of(replayKey, key(merchantId, c)), plain(limit.perSecond()),
                    Integer.toString(limit.burst()), Long.toString(replayTtl.toMillis()));
        } catch (RuntimeException e) {
            throw ReplayGuard.unavailable(e);
        }
        if (answer < 0) {
            throw ReplayGuard.replayed();
        }
        refuseIfEmpty(c, limit, answer);
    }

    private void unchecked(RateClass c, RuntimeException e) {
        unchecked.get(c).increment();
        long now = System.currentTimeMillis();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_INTERVAL_MS && lastFailureLog.compareAndSet(last, now)) {
            LOG.warnf("rate limits are not enforced: Redis failed (%s); requests go through unchecked, counted "
                    + "in sb.openapi.rate.unchecked (logged at most once a minute)", e.toString());
        }
    }

    private void refuseIfEmpty(RateClass c, Limit limit, long waitMs) {
        if (waitMs > 0) {
            limited.get(c).increment();
            long seconds = Math.max(1, (waitMs + 999) / 1000);
            throw new RateLimited(seconds, "too many requests: this merchant may send " + plain(limit.perSecond())
                    + " " + (c == RateClass.SEND ? "message sends" : "requests") + " per second (bursts of "
                    + limit.burst() + "); retry after " + seconds + " s with a freshly signed request");
        }
    }

    static String key(String merchantId, RateClass c) {
        return "sb:rate:" + merchantId + ":" + c.label();
    }

    /** One round trip: 0 when a token was taken, else the milliseconds until the next one. */
    long take(String key, double perSecond, int burst) {
        return script(TAKE, TAKE_SHA, List.of(key), plain(perSecond), Integer.toString(burst));
    }

    /** Runs a script by its SHA, sending the script itself once when this Redis does not know it yet. */
    private long script(String script, String sha, List<String> keys, String... args) {
        List<String> call = new ArrayList<>(keys.size() + args.length + 2);
        call.add(sha);
        call.add(Integer.toString(keys.size()));
        call.addAll(keys);
        call.addAll(List.of(args));
        Response r;
        try {
            r = redis.execute("EVALSHA", call.toArray(String[]::new));
        } catch (RuntimeException e) {
            if (!noScript(e)) {
                throw e;
            }
            // First use on this Redis (or after a restart or SCRIPT FLUSH): send the script itself once.
            call.set(0, script);
            r = redis.execute("EVAL", call.toArray(String[]::new));
        }
        return r.toLong();
    }

    private static boolean noScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

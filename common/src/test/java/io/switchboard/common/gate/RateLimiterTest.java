package io.switchboard.common.gate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.RateLimited;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.gate.RateLimiter.Limit;
import io.switchboard.common.gate.RateLimiter.RateClass;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The token bucket against real Redis: a burst, then refusal with the time to the next token, then refill; one
 * bucket per merchant and class; the merchant's own limits over the defaults; refusals counted per class; and a
 * Redis that cannot be reached lets requests through (counted) instead of refusing all traffic.
 */
@QuarkusTest
class RateLimiterTest {
    @Inject
    RateLimiter limiter;
    @Inject
    RedisDataSource redis;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry meters;
    @Inject
    Vertx vertx;

    static String merchant() {
        return "mch_rate" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String bucket() {
        return "sb:rate:test:" + UUID.randomUUID();
    }

    double counter(String name, RateClass c) {
        return meters.counter(name, "class", c.label()).count();
    }

    /** A limiter on its own Redis client (e.g. one that cannot connect). */
    RateLimiter limiterOn(Redis client) {
        RateLimiter l = new RateLimiter();
        l.redis = new BlockingRedisDataSourceImpl(vertx, client, RedisAPI.api(client), Duration.ofSeconds(5));
        l.config = config;
        l.meters = meters;
        l.meters();
        return l;
    }

    @Test
    void aFullBucketLetsTheBurstThroughThenRefusesUntilItRefills() {
        String key = bucket();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.take(key, 2, 5), "request " + (i + 1) + " of the burst");
        }
        long wait = limiter.take(key, 2, 5);
        assertTrue(wait > 0 && wait <= 500, "at 2 per second the next token is at most 500 ms away: " + wait);
        // Refill: a token comes back within the advertised wait (plus slack for a slow machine); only one does.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> limiter.take(key, 2, 5) == 0);
        assertTrue(limiter.take(key, 2, 5) > 0, "one token came back, not the whole burst");
        assertTrue(redis.key(String.class).pttl(key) > 0, "an idle bucket expires");
    }

    @Test
    void aRefusalCarriesRetryAfterInWholeSecondsAndTakesNothing() {
        String m = merchant();
        RateLimits slow = new RateLimits(0.01, 1, null, null); // one request per 100 s
        limiter.acquire(m, "listRobots", slow);
        RateLimited e = assertThrows(RateLimited.class, () -> limiter.acquire(m, "getRobot", slow));
        assertEquals(ErrorCode.RATE_LIMITED, e.errorCode());
        assertTrue(e.retryAfterSeconds() > 90 && e.retryAfterSeconds() <= 100, "Retry-After " + e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("0.01 requests per second"), e.getMessage());
        // A refused request took no token: the wait does not grow with every refusal.
        RateLimited again = assertThrows(RateLimited.class, () -> limiter.acquire(m, "getRobot", slow));
        assertTrue(again.retryAfterSeconds() <= e.retryAfterSeconds());
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        String m = merchant();
        RateLimits fast = new RateLimits(5.0, 1, null, null); // a token every 200 ms
        RateLimited e = null;
        for (int i = 0; i < 50 && e == null; i++) {
            try {
                limiter.acquire(m, "listRobots", fast);
            } catch (RateLimited refused) {
                e = refused;
            }
        }
        assertTrue(e != null, "fifty requests in a row at 5 per second, bursts of 1: one is refused");
        assertEquals(1, e.retryAfterSeconds(), "a wait under a second is rounded up to 1, never 0");
    }

    @Test
    void eachMerchantAndClassHasItsOwnBucket() {
        String a = merchant();
        String b = merchant();
        RateLimits one = new RateLimits(0.01, 1, 0.01, 1);
        limiter.acquire(a, "listRobots", one);
        assertThrows(RateLimited.class, () -> limiter.acquire(a, "getFriendList", one));
        assertDoesNotThrow(() -> limiter.acquire(b, "listRobots", one), "another merchant is not limited by a");
        assertDoesNotThrow(() -> limiter.acquire(a, "sendMessage", one), "sends have their own bucket");
        assertThrows(RateLimited.class, () -> limiter.acquire(a, "sendGroupMessage", one),
                "sendMessage and sendGroupMessage share the send bucket");
        assertEquals(RateClass.GENERAL, RateClass.of("getTask"));
        assertEquals(RateClass.SEND, RateClass.of("sendGroupMessage"));
    }

    @Test
    void aMerchantsOwnLimitsReplaceTheDefaultsFieldByField() {
        SwitchboardConfig.Rate d = config.rate();
        assertEquals(new Limit(d.perSecond(), d.burst()), limiter.limit(RateClass.GENERAL, RateLimits.DEFAULTS));
        assertEquals(new Limit(d.sendPerSecond(), d.sendBurst()), limiter.limit(RateClass.SEND, null));
        RateLimits own = new RateLimits(3.5, null, null, 7);
        assertEquals(new Limit(3.5, d.burst()), limiter.limit(RateClass.GENERAL, own));
        assertEquals(new Limit(d.sendPerSecond(), 7), limiter.limit(RateClass.SEND, own));
    }

    @Test
    void refusalsAreCountedPerClass() {
        String m = merchant();
        RateLimits one = new RateLimits(null, null, 0.01, 1);
        double before = counter("sb.openapi.rate.limited", RateClass.SEND);
        double general = counter("sb.openapi.rate.limited", RateClass.GENERAL);
        limiter.acquire(m, "sendMessage", one);
        assertThrows(RateLimited.class, () -> limiter.acquire(m, "sendMessage", one));
        assertEquals(before + 1, counter("sb.openapi.rate.limited", RateClass.SEND));
        assertEquals(general, counter("sb.openapi.rate.limited", RateClass.GENERAL));
    }

    @Test
    void anUnreachableRedisLetsRequestsThroughAndCountsThem() {
        // A real client to a port nobody listens on: every call fails to connect.
        Redis dead = Redis.createClient(vertx, "redis://127.0.0.1:1");
        try {
            RateLimiter failing = limiterOn(dead);
            double before = counter("sb.openapi.rate.unchecked", RateClass.GENERAL);
            RateLimits one = new RateLimits(0.01, 1, null, null);
            String m = merchant();
            for (int i = 0; i < 3; i++) {
                assertDoesNotThrow(() -> failing.acquire(m, "listRobots", one));
            }
            assertEquals(before + 3, counter("sb.openapi.rate.unchecked", RateClass.GENERAL));
        } finally {
            dead.close();
        }
    }

    @Test
    void admitRecordsTheReplayWithTheTokenAndARepeatIsRefusedWithoutTakingOne() {
        String m = merchant();
        RateLimits two = new RateLimits(0.01, 2, null, null);
        String first = "sb:replay:test:" + UUID.randomUUID();
        limiter.admit(first, Duration.ofMinutes(1), m, "listRobots", two);
        assertTrue(redis.key(String.class).pttl(first) > 0, "the replay record expires");
        ApiException again = assertThrows(ApiException.class,
                () -> limiter.admit(first, Duration.ofMinutes(1), m, "listRobots", two));
        assertEquals(ErrorCode.REPLAYED_REQUEST, again.errorCode());
        // the repeat took no token: the burst's second is still there, then the bucket is empty
        limiter.admit("sb:replay:test:" + UUID.randomUUID(), Duration.ofMinutes(1), m, "getRobot", two);
        String third = "sb:replay:test:" + UUID.randomUUID();
        assertThrows(RateLimited.class, () -> limiter.admit(third, Duration.ofMinutes(1), m, "getRobot", two));
        // a limited call is still recorded: its retry must be signed afresh (docs/API.md "Rate limits")
        assertEquals(1, redis.key(String.class).exists(third) ? 1 : 0);
    }

    @Test
    void admitFailsClosedWhenRedisIsUnreachable() {
        Redis dead = Redis.createClient(vertx, "redis://127.0.0.1:1");
        try {
            RateLimiter failing = limiterOn(dead);
            ApiException e = assertThrows(ApiException.class, () -> failing.admit("sb:replay:test:x",
                    Duration.ofMinutes(1), merchant(), "listRobots", null));
            assertEquals(ErrorCode.DEPENDENCY_UNAVAILABLE, e.errorCode());
        } finally {
            dead.close();
        }
    }
}

package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-merchant breaker on the real Redis: two {@link MerchantCircuit} instances stand for two replicas and
 * must see one state. The clock is the test's (shared by both), so windows pass without waiting.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class WebhookCircuitTest {
    @Inject
    RedisDataSource redis;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private MerchantCircuit replicaA;
    private MerchantCircuit replicaB;
    private String m;

    @BeforeEach
    void twoReplicas() {
        replicaA = new MerchantCircuit(redis, 3, Duration.ofSeconds(60), now::get);
        replicaB = new MerchantCircuit(redis, 3, Duration.ofSeconds(60), now::get);
        m = WebhookTestSupport.newMerchantId();
    }

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneProbeThroughLater() {
        replicaA.onFailure(m);
        replicaB.onFailure(m);
        assertNull(replicaA.waitFor(m), "two failures: still closed");
        replicaB.onFailure(m);
        assertEquals(Duration.ofSeconds(60), replicaA.waitFor(m), "the third failure, on the other replica, opens it");
        assertEquals(Duration.ofSeconds(60), replicaB.waitFor(m));
        assertNull(replicaA.waitFor(WebhookTestSupport.newMerchantId()), "other merchants are not affected");

        now.addAndGet(60_000);
        assertNull(replicaB.waitFor(m), "the first caller after the window probes");
        assertNotNull(replicaA.waitFor(m), "the other replica keeps waiting while the probe runs");
        assertNotNull(replicaB.waitFor(m));

        replicaB.onFailure(m);
        assertEquals(Duration.ofSeconds(60), replicaA.waitFor(m), "a failed probe re-opens, for everyone");
        now.addAndGet(60_000);
        assertNull(replicaA.waitFor(m));
        replicaA.onSuccess(m);
        assertNull(replicaB.waitFor(m), "a successful probe closes, for everyone");
        assertNull(replicaA.waitFor(m));
    }

    @Test
    void successResetsTheCount() {
        replicaA.onFailure(m);
        replicaB.onFailure(m);
        replicaA.onSuccess(m);
        replicaB.onFailure(m);
        replicaA.onFailure(m);
        assertNull(replicaB.waitFor(m));
    }

    @Test
    void aRetryAfterHoldsTheMerchantOnEveryReplicaBelowTheFailureThreshold() {
        replicaA.onFailure(m, Duration.ofSeconds(120));
        assertEquals(Duration.ofSeconds(120), replicaB.waitFor(m), "one failure with Retry-After holds everyone");
        now.addAndGet(30_000);
        assertEquals(Duration.ofSeconds(90), replicaA.waitFor(m));
        replicaB.onFailure(m, Duration.ofSeconds(10)); // a shorter hold does not shorten the longer one
        assertEquals(Duration.ofSeconds(90), replicaA.waitFor(m));
        now.addAndGet(90_000);
        assertNull(replicaB.waitFor(m), "the hold is over; two failures keep it closed");
    }

    @Test
    void losingRedisDataCostsOnlyAFewAttempts() {
        for (int i = 0; i < 3; i++) {
            replicaA.onFailure(m);
        }
        assertNotNull(replicaB.waitFor(m));
        redis.key(String.class).del(MerchantCircuit.key(m)); // what a FLUSHALL does to this merchant
        assertNull(replicaB.waitFor(m), "closed again: the next attempts go through");
        replicaA.onFailure(m);
        replicaA.onFailure(m);
        assertNull(replicaB.waitFor(m));
        replicaB.onFailure(m);
        assertNotNull(replicaA.waitFor(m), "three new failures open it again");
        long ttl = redis.key(String.class).pttl(MerchantCircuit.key(m));
        assertTrue(ttl > 0, "the state expires on its own, found pttl " + ttl);
    }
}

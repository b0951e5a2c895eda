package io.switchboard.common.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.gate.MerchantCredentials;
import io.switchboard.common.gate.RateLimits;
import io.switchboard.common.gate.RemoteMerchantDirectory;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one account client against a fake account-service over real HTTP: garbage never reaches it nor trips a
 * breaker, refusals do not count, outages do, a cached answer carries an outage, merchant changes published on
 * Redis are seen at once, and a lost phone-code answer is retried safely.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class AccountDirectoryTest {
    static final String PEM = OpenApiSigner.fixture("openapi/merchant-a.pub.pem");

    @Inject
    AccountDirectory accounts;
    @Inject
    RemoteMerchantDirectory merchants;
    @Inject
    RedisDataSource redis;

    @AfterEach
    void reset() {
        FakeAccountService.down = false;
        FakeAccountService.releaseSlow();
        accounts.advanceClock(null);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static List<String> garbage() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add("app\u0000" + i);
            keys.add("d".repeat(5_000) + i);
        }
        return keys;
    }

    static void assertUnavailable(Runnable call, String detail) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(ErrorCode.DEPENDENCY_UNAVAILABLE, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void garbageKeysAreAnsweredEmptyWithoutACallAndNeverTripTheBreaker() {
        String device = unique("dev-");
        FakeAccountService.ANSWERS.put("devices/" + device, new DeviceView(device, "mch_1", "key", true));
        int before = FakeAccountService.TOTAL.get();
        for (String key : garbage()) { // 50 keys, each tried on every look-up
            assertEquals(Optional.empty(), accounts.device(key));
            assertEquals(Optional.empty(), accounts.merchantByAppId(key));
            assertEquals(Optional.empty(), accounts.webhookTarget(key));
            assertEquals(Optional.empty(), accounts.robot(key.replace("d", "\u0001")));
            assertEquals(Optional.empty(), accounts.takePhoneCode(key, "login-1", "req-1"));
        }
        assertEquals(before, FakeAccountService.TOTAL.get(), "garbage never reached account-service");
        assertEquals(device, accounts.device(device).orElseThrow().deviceNo(), "a good key is still answered");
    }

    @Test
    void refusalsAreNotRetriedAndDoNotCount() {
        String device = unique("dev-");
        FakeAccountService.ANSWERS.put("devices/" + device, new DeviceView(device, "mch_1", "key", true));
        for (int i = 0; i < 30; i++) {
            String key = unique("refuse-");
            ApiException e = assertThrows(ApiException.class, () -> accounts.device(key));
            assertEquals(ErrorCode.INTERNAL_ERROR, e.errorCode(), e.getMessage());
            assertEquals(1, FakeAccountService.calls("devices/" + key), "a refusal is not retried");
        }
        assertEquals(device, accounts.device(device).orElseThrow().deviceNo(), "the breaker stayed closed");
        assertEquals(Optional.empty(), accounts.device(unique("nobody-")), "404 is an answer: not known");
    }

    @Test
    void serverErrorsAndTimeoutsOpenTheBreakerAndItClosesAgain() {
        String robot = unique("robot-");
        FakeAccountService.ANSWERS.put("robots/" + robot, new RobotRef(robot, "mch_1", "LINE_DEVICE", 0, "dev", null));
        // A hung account-service: each call gives up after 2 s, and is retried twice.
        assertUnavailable(() -> accounts.robot(unique("slow-")), "Timeout");
        for (int i = 0; i < 5; i++) { // 3 timeouts + 15 answers 503
            String key = unique("fail-");
            assertUnavailable(() -> accounts.robot(key), "answered 503");
            assertEquals(3, FakeAccountService.calls("robots/" + key), "a 503 is retried twice");
        }
        // The 20th call fails too: the window is full and all of it failed, so the breaker opens.
        assertThrows(ApiException.class, () -> accounts.robot(unique("fail-")));
        int before = FakeAccountService.TOTAL.get();
        assertUnavailable(() -> accounts.robot(robot), "CircuitBreakerOpenException");
        assertEquals(before, FakeAccountService.TOTAL.get(), "an open breaker does not call");
        // After the breaker's delay (5 s) a probe goes through and closes it.
        Awaitility.await("breaker closed again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .ignoreException(ApiException.class).until(() -> accounts.robot(robot).isPresent());
    }

    @Test
    void aCachedAnswerServesThroughAnOutageUntilItIsStale() {
        String merchant = unique("mch_");
        FakeAccountService.ANSWERS.put("merchants/" + merchant + "/webhook",
                new WebhookTarget(merchant, "https://hooks.example/x", List.of("whsec_a"), true));
        assertEquals("https://hooks.example/x", accounts.webhookTarget(merchant).orElseThrow().callbackUrl());
        FakeAccountService.down = true;
        accounts.advanceClock(AccountDirectory.FRESH.plusSeconds(1)); // no longer fresh: asked again, and fails
        int before = FakeAccountService.calls("merchants/" + merchant + "/webhook");
        assertEquals("https://hooks.example/x", accounts.webhookTarget(merchant).orElseThrow().callbackUrl(),
                "the known answer serves during the outage");
        assertEquals(before + 3, FakeAccountService.calls("merchants/" + merchant + "/webhook"), "it was asked");
        accounts.advanceClock(AccountDirectory.STALE);
        assertUnavailable(() -> accounts.webhookTarget(merchant), "answered 503");
        assertUnavailable(() -> accounts.webhookTarget(unique("mch_")), "answered 503");
    }

    @Test
    void aMerchantChangePublishedOnRedisIsSeenAtOnce() {
        String app = unique("app_");
        String merchant = unique("mch_");
        String path = "merchants/by-app/" + app;
        FakeAccountService.ANSWERS.put(path, new MerchantKeyView(merchant, app, PEM, true));
        assertTrue(merchants.findByAppId(app).orElseThrow().active());
        FakeAccountService.ANSWERS.put(path, new MerchantKeyView(merchant, app, PEM, false)); // disabled elsewhere
        assertTrue(merchants.findByAppId(app).orElseThrow().active(), "cached, and nobody said anything yet");
        assertEquals(1, FakeAccountService.calls(path));

        redis.pubsub(String.class).publish(MerchantChanges.CHANNEL,
                "{\"merchantId\":\"" + merchant + "\",\"appId\":\"" + app + "\",\"all\":false}");
        // Well inside the fresh time (30 s): the message made the difference, not the expiry.
        Awaitility.await("refetched").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !merchants.findByAppId(app).map(MerchantCredentials::active).orElse(true));
        assertEquals(2, FakeAccountService.calls(path));

        // Garbage on the channel is ignored and breaks nothing.
        redis.pubsub(String.class).publish(MerchantChanges.CHANNEL, "{\"appId\":\"bad\\u0000\"}");
        redis.pubsub(String.class).publish(MerchantChanges.CHANNEL, "not json");
        assertFalse(merchants.findByAppId(app).orElseThrow().active());
    }

    @Test
    void theMerchantsOwnRateLimitsTravelWithItsKey() {
        String app = unique("app_");
        String merchant = unique("mch_");
        FakeAccountService.ANSWERS.put("merchants/by-app/" + app,
                new MerchantKeyView(merchant, app, PEM, true, new RateLimits(2.5, 3, null, 40)));
        assertEquals(new RateLimits(2.5, 3, null, 40), merchants.findByAppId(app).orElseThrow().rateLimits());
        // An answer without them (an older account-service): the defaults apply.
        String older = unique("app_");
        FakeAccountService.ANSWERS.put("merchants/by-app/" + older, new MerchantKeyView(merchant, older, PEM, true));
        assertEquals(RateLimits.DEFAULTS, merchants.findByAppId(older).orElseThrow().rateLimits());
    }

    @Test
    void aTakeWhoseAnswerWasLostIsRetriedWithItsRequestIdAndGetsTheCode() {
        String robot = unique("robot-");
        FakeAccountService.CODES.put(robot, "3533");
        FakeAccountService.LOSE_TAKE_ANSWERS.set(1);
        assertEquals(Optional.of("3533"), accounts.takePhoneCode(robot, "login-1", "req-a"));
        assertEquals(2, FakeAccountService.calls("robots/" + robot + "/phone-code/take"), "retried once");
        assertEquals(Optional.empty(), accounts.takePhoneCode(robot, "login-1", "req-b"), "taken: nothing for others");
        assertEquals(Optional.empty(), accounts.takePhoneCode(robot, "login-1", "bad request id"), "malformed id");
    }

    @Test
    void failureReasonsQuoteOwnAndNetworkMessagesButNeverAParsedAnswer() {
        assertEquals("IllegalStateException: account-service answered 503",
                AccountDirectory.reason(new IllegalStateException("account-service answered 503")));
        assertEquals("ConnectException: Connection refused",
                AccountDirectory.reason(new ProcessingException(new ConnectException("Connection refused"))));
        assertEquals("CircuitBreakerOpenException: open",
                AccountDirectory.reason(new CircuitBreakerOpenException("open")));
        Supplier<String> parse = () -> AccountDirectory.reason(new ProcessingException(
                new JsonParseException(null, "Unexpected character in 'whsec_c2VjcmV0'")));
        assertEquals("JsonParseException", parse.get());
        assertFalse(parse.get().contains("whsec_"));
    }
}

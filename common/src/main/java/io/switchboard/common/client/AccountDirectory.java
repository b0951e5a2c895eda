package io.switchboard.common.client;

import com.fasterxml.jackson.core.JacksonException;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.PhoneCode;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.InternalViews.TakePhoneCode;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one client of account-service's internal API (DESIGN §1) for every other service: each look-up is guarded
 * by a timeout, retries and a circuit breaker, and answered from a short {@link FallbackCache}.
 *
 * <ul>
 *   <li>A key that cannot name anything (wrong shape, NUL, 5,000 characters; see {@link Formats}) is answered
 *       <b>empty</b> without any HTTP call, so garbage can neither reach account-service nor trip the breaker.
 *       Doors still check shapes themselves first, to answer the caller with a 400 that names the field.</li>
 *   <li>The breaker counts only dependency failures: timeouts, connection errors and 5xx. A 404 is an answer
 *       (empty); any other 4xx is our own request being refused: not retried, not counted, and raised as
 *       {@link ErrorCode#INTERNAL_ERROR}.</li>
 *   <li>When account-service cannot answer and nothing usable is cached, the look-up throws
 *       {@link ErrorCode#DEPENDENCY_UNAVAILABLE} (503). A known answer keeps serving for {@link #STALE} of outage.</li>
 *   <li>Cached answers are reused for {@link #FRESH}. A merchant change published by account-service
 *       ({@link MerchantChanges}) drops that merchant's entries at once; {@code FRESH} bounds how long a change
 *       whose message was lost stays unseen.</li>
 * </ul>
 *
 * The settings live here and nowhere else; the fault-tolerance ones can still be overridden per method with
 * MicroProfile Fault Tolerance properties (e.g. {@code io.switchboard.common.client.AccountDirectory/fetchDevice/Timeout/value}).
 */
@ApplicationScoped
public class AccountDirectory {
    /** One call, connection included. */
    static final long TIMEOUT_MS = 2_000;
    /** Retries after the first call (only dependency failures are retried; an open breaker answers at once). */
    static final int MAX_RETRIES = 2;
    static final long RETRY_DELAY_MS = 100;
    /** The breaker opens when half of the last 20 calls failed, and lets a probe through after 5 s. */
    static final int BREAKER_WINDOW = 20;
    static final double BREAKER_FAILURE_RATIO = 0.5;
    static final long BREAKER_DELAY_MS = 5_000;

    /** How long an answer is reused; also the longest a merchant change whose message was lost goes unseen. */
    public static final Duration FRESH = Duration.ofSeconds(30);
    /** How long "not known" is remembered, so something created a moment ago is found soon. */
    public static final Duration NEGATIVE = Duration.ofSeconds(5);
    /** How long a known answer keeps serving while account-service is unreachable. */
    public static final Duration STALE = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 100_000;

    /** account-service refused our request with a 4xx other than 404: not its failure, so not counted. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status) {
            super("account-service refused the request with HTTP " + status, null, false, false);
            this.status = status;
        }
    }

    /** account-service answered 5xx: a dependency failure (counted by the breaker, retried). */
    static final class Failed extends IllegalStateException {
        Failed(int status) {
            super("account-service answered " + status);
        }
    }

    private final AccountInternalClient client;
    /** Added to the wall clock by the caches; only tests move it ({@link #advanceClock}). */
    private volatile long clockOffsetMs;
    private final FallbackCache<String, MerchantKeyView> merchants = cache();
    private final FallbackCache<String, DeviceView> devices = cache();
    private final FallbackCache<String, RobotRef> robots = cache();
    private final FallbackCache<String, WebhookTarget> webhookTargets = cache();

    @Inject
    public AccountDirectory(@RestClient AccountInternalClient client) {
        this.client = client;
    }

    private <V> FallbackCache<String, V> cache() {
        return new FallbackCache<>(FRESH, NEGATIVE, STALE, MAX_ENTRIES, () -> System.currentTimeMillis() + clockOffsetMs);
    }

    /** Moves the caches' clock (tests: age cached answers instead of waiting); {@code null} puts it back. */
    void advanceClock(Duration by) {
        clockOffsetMs = by == null ? 0 : clockOffsetMs + by.toMillis();
    }

    /** Who app_id is and its RSA key; empty when account-service does not know it. */
    public Optional<MerchantKeyView> merchantByAppId(String appId) {
        return Formats.isId(appId) ? lookup("merchant", merchants, appId, this::fetchMerchant) : Optional.empty();
    }

    /** The registered device and its signing key; empty when it is not registered. */
    public Optional<DeviceView> device(String deviceNo) {
        return Formats.isId(deviceNo) ? lookup("device", devices, deviceNo, this::fetchDevice) : Optional.empty();
    }

    /**
     * Who owns the robot, its protocol, device and state; empty when no such robot exists. Owner and protocol are
     * what this is for ("does robot R belong to merchant M"); {@code state} may be up to {@link #FRESH} old.
     */
    public Optional<RobotRef> robot(String robotSerialNo) {
        return Formats.isRobotSerial(robotSerialNo) ? lookup("robot", robots, robotSerialNo, this::fetchRobot)
                : Optional.empty();
    }

    /** Where and how the merchant's webhooks go; empty when account-service does not know the merchant. */
    public Optional<WebhookTarget> webhookTarget(String merchantId) {
        return Formats.isId(merchantId) ? lookup("webhook target", webhookTargets, merchantId, this::fetchWebhookTarget)
                : Optional.empty();
    }

    /**
     * The SMS code the merchant submitted for login {@code loginSerialNo}, taken (consumed) by this call; empty
     * while none is waiting. Never cached. Retried like the look-ups, which is safe only because of
     * {@code requestId}: account-service answers the same code to a repeat of the same request id, so a retry after
     * a lost answer gets the code instead of "none". Use one request id per device request, a new one per poll.
     */
    public Optional<String> takePhoneCode(String robotSerialNo, String loginSerialNo, String requestId) {
        if (!Formats.isRobotSerial(robotSerialNo) || !Formats.isId(loginSerialNo) || !Formats.isId(requestId)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(fetchPhoneCode(robotSerialNo, new TakePhoneCode(loginSerialNo, requestId)))
                    .map(PhoneCode::code);
        } catch (RuntimeException e) {
            throw translate("phone code", e);
        }
    }

    /** Forgets what is cached about a merchant (after a change of its key, active flag, URL or secrets). */
    public void forgetMerchant(String merchantId, String appId) {
        if (appId != null) {
            merchants.invalidate(appId);
        }
        if (merchantId != null) {
            webhookTargets.invalidate(merchantId);
        }
    }

    public void forgetDevice(String deviceNo) {
        devices.invalidate(deviceNo);
    }

    public void forgetRobot(String robotSerialNo) {
        robots.invalidate(robotSerialNo);
    }

    /** Forgets everything (tests; and after a gap in the merchant-change subscription, when messages may be lost). */
    public void forgetAll() {
        merchants.clear();
        devices.clear();
        robots.clear();
        webhookTargets.clear();
    }

    void onMerchantChanged(@Observes MerchantChanges.Changed change) {
        if (change.all()) {
            merchants.clear();
            webhookTargets.clear();
        } else {
            forgetMerchant(change.merchantId(), change.appId());
        }
    }

    private static <V> Optional<V> lookup(String what, FallbackCache<String, V> cache, String key,
                                          Function<String, V> loader) {
        try {
            return cache.get(key, loader);
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    private static ApiException translate(String what, RuntimeException e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof Refused r) {
            return new ApiException(ErrorCode.INTERNAL_ERROR, "account-service refused the " + what
                    + " look-up (HTTP " + r.status + ")", e);
        }
        return new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "account-service is unavailable (" + what
                + " look-up): " + reason(e), e);
    }

    /**
     * Why a call failed, for messages and logs. Only our own messages and I/O messages (connection refused, reset)
     * are quoted; anything else is named by class, since a parse error could quote the answer, secrets included.
     */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean io = root instanceof IOException && !(root instanceof JacksonException); // parse errors quote input
        boolean quotable = io || root instanceof IllegalStateException || root instanceof FaultToleranceException;
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (quotable && message != null ? ": " + message : "");
    }

    // The calls. Intercepted self-invocation (ArC supports it on non-private methods): timeout, retry and breaker
    // apply; each method has its own breaker, so a failing kind of look-up does not stop the others.

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    MerchantKeyView fetchMerchant(String appId) {
        try (Response r = client.merchantByAppId(appId)) {
            return r.readEntity(MerchantKeyView.class);
        } catch (WebApplicationException e) {
            return notFoundOrThrow(e);
        }
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    DeviceView fetchDevice(String deviceNo) {
        try {
            return client.device(deviceNo);
        } catch (WebApplicationException e) {
            return notFoundOrThrow(e);
        }
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    RobotRef fetchRobot(String robotSerialNo) {
        try {
            return client.robot(robotSerialNo);
        } catch (WebApplicationException e) {
            return notFoundOrThrow(e);
        }
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    WebhookTarget fetchWebhookTarget(String merchantId) {
        try {
            return client.webhookTarget(merchantId);
        } catch (WebApplicationException e) {
            return notFoundOrThrow(e);
        }
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    PhoneCode fetchPhoneCode(String robotSerialNo, TakePhoneCode request) {
        try {
            return client.takePhoneCode(robotSerialNo, request);
        } catch (WebApplicationException e) {
            return notFoundOrThrow(e);
        }
    }

    /** 404 is an answer ("not known"); another 4xx is our request refused; 5xx is a failure worth a retry. */
    private static <T> T notFoundOrThrow(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return null;
        }
        if (status >= 400 && status < 500) {
            throw new Refused(status);
        }
        throw new Failed(status);
    }
}

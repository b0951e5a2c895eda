package io.switchboard.callback.webhook;

import com.fasterxml.jackson.core.JacksonException;
import io.switchboard.common.client.AccountInternalClient;
import io.switchboard.common.client.FallbackCache;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Where a merchant's webhooks go, asked of account-service (which owns merchants). Answers are kept 30 s so a
 * burst of deliveries costs one call, and up to 10 min as a fallback while account-service is unreachable.
 */
@ApplicationScoped
public class WebhookTargets {
    static final Duration FRESH = Duration.ofSeconds(30);
    static final Duration STALE_FALLBACK = Duration.ofMinutes(10);

    /** account-service could not be asked; the delivery should wait, not be charged an attempt. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AccountInternalClient client;
    private final FallbackCache<String, WebhookTarget> cache = new FallbackCache<>(FRESH, Duration.ZERO, STALE_FALLBACK, 100_000);

    public WebhookTargets(@RestClient AccountInternalClient client) {
        this.client = client;
    }

    /** The merchant's target; empty when account-service does not know the merchant (404). */
    public Optional<WebhookTarget> find(String merchantId) {
        try {
            return cache.get(merchantId, this::fetch);
        } catch (RuntimeException e) {
            throw new Unavailable("account-service unavailable for the webhook target lookup: " + reason(e), e);
        }
    }

    /** Forgets cached answers (tests, and an admin who just changed a merchant's URL can replay at once). */
    public void invalidate(String merchantId) {
        cache.invalidate(merchantId);
    }

    /**
     * Why the look-up failed, for last_error and logs. Only our own messages and I/O messages (connection refused,
     * reset) are quoted; anything else is named by class, since a parse error could quote the answer, secrets included.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean io = root instanceof IOException && !(root instanceof JacksonException); // parse errors quote input
        boolean quotable = io || root instanceof IllegalStateException || root instanceof FaultToleranceException;
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (quotable && message != null ? ": " + message : "");
    }

    public void invalidateAll() {
        cache.clear();
    }

    // Intercepted self-invocation (ArC supports it on non-private methods): timeout, retry and breaker apply.
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    WebhookTarget fetch(String merchantId) {
        try {
            return client.webhookTarget(merchantId);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return null;
            }
            throw new IllegalStateException("account-service answered " + status);
        }
    }
}

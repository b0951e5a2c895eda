package io.switchboard.common.gate;

import io.quarkus.arc.DefaultBean;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.AccountInternalClient;
import io.switchboard.common.client.FallbackCache;
import io.switchboard.common.client.MerchantKeyView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The merchant directory of services that do not own merchants: asks account-service, caches answers briefly
 * ({@link FallbackCache}), and turns an unreachable account-service without a cached answer into a 503.
 */
@DefaultBean
@ApplicationScoped
public class RemoteMerchantDirectory implements MerchantDirectory {
    private final AccountInternalClient client;

    public RemoteMerchantDirectory(@RestClient AccountInternalClient client) {
        this.client = client;
    }

    // Keys are reused for a minute; an unknown app_id is asked again after 5 s; a known merchant keeps working
    // for 10 minutes of account-service outage.
    private final FallbackCache<String, MerchantCredentials> cache =
            new FallbackCache<>(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(10), 100_000);

    @Override
    public Optional<MerchantCredentials> findByAppId(String appId) {
        try {
            return cache.get(appId, id -> {
                MerchantKeyView v = fetch(id);
                return v == null ? null : new MerchantCredentials(v.merchantId(), v.appId(),
                        RsaKeys.parsePublicKey(v.rsaPublicKey()), v.active());
            });
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "account-service is unavailable", e);
        }
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    MerchantKeyView fetch(String appId) {
        try (Response r = client.merchantByAppId(appId)) {
            return r.readEntity(MerchantKeyView.class);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return null;
            }
            throw new IllegalStateException("account-service answered " + e.getResponse().getStatus());
        }
    }
}

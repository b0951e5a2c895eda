package io.switchboard.common.gate;

import io.quarkus.arc.DefaultBean;
import io.quarkus.cache.CacheResult;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.AccountInternalClient;
import io.switchboard.common.client.MerchantKeyView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The merchant directory of services that do not own merchants: asks account-service, caches answers briefly
 * (cache {@code merchant-credentials}), and turns an unreachable account-service into a 503 for the caller.
 */
@DefaultBean
@ApplicationScoped
public class RemoteMerchantDirectory implements MerchantDirectory {
    private final AccountInternalClient client;

    public RemoteMerchantDirectory(@RestClient AccountInternalClient client) {
        this.client = client;
    }

    @Override
    @CacheResult(cacheName = "merchant-credentials")
    public Optional<MerchantCredentials> findByAppId(String appId) {
        MerchantKeyView view;
        try {
            view = fetch(appId);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "account-service is unavailable", e);
        }
        return Optional.ofNullable(view).map(v -> new MerchantCredentials(v.merchantId(), v.appId(),
                RsaKeys.parsePublicKey(v.rsaPublicKey()), v.active()));
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

package io.switchboard.callback.driver.line;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.AccountInternalClient;
import io.switchboard.common.client.FallbackCache;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.PhoneCode;
import io.switchboard.common.client.InternalViews.TakePhoneCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * callback-service's view of account-service: device keys (every device request needs one, so answers are
 * cached briefly) and SMS codes. Calls are guarded by timeout, retry and circuit breaker; when account-service
 * is down a recently seen device is still served from the cache (a device keeps working through a short
 * outage), otherwise the caller gets {@link ErrorCode#DEPENDENCY_UNAVAILABLE}.
 */
@ApplicationScoped
public class AccountLink {
    /** Unknown devices are remembered only briefly, so a device registered a moment ago is found soon. */
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    @Inject
    @RestClient
    AccountInternalClient client;

    private final FallbackCache<String, DeviceView> devices;

    @Inject
    public AccountLink(CallbackConfig config) {
        this.devices = new FallbackCache<>(config.line().deviceCacheTtl(), NEGATIVE_TTL,
                config.line().deviceCacheStaleTtl(), 100_000);
    }

    /** The registered device, empty when account-service does not know it. */
    public Optional<DeviceView> device(String deviceNo) {
        try {
            return devices.get(deviceNo, this::fetchDevice);
        } catch (RuntimeException e) {
            throw unavailable("cannot look up device " + deviceNo, e);
        }
    }

    /** The SMS code the merchant submitted for login {@code loginSerialNo}; empty while none is waiting. */
    public Optional<String> takePhoneCode(String robotSerialNo, String loginSerialNo) {
        try {
            return Optional.ofNullable(fetchPhoneCode(robotSerialNo, loginSerialNo)).map(PhoneCode::code);
        } catch (RuntimeException e) {
            throw unavailable("cannot fetch the phone code", e);
        }
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    DeviceView fetchDevice(String deviceNo) {
        try {
            return client.device(deviceNo);
        } catch (WebApplicationException e) {
            return orNullOn404(e);
        }
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    PhoneCode fetchPhoneCode(String robotSerialNo, String loginSerialNo) {
        try {
            return client.takePhoneCode(robotSerialNo, new TakePhoneCode(loginSerialNo));
        } catch (WebApplicationException e) {
            return orNullOn404(e);
        }
    }

    /** 404 is an answer ("not known"), anything else is a failure worth a retry. */
    private static <T> T orNullOn404(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return null;
        }
        throw new IllegalStateException("account-service answered HTTP " + status);
    }

    private static ApiException unavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "account-service is unavailable: " + what, cause);
    }

    /** Forgets cached devices (tests; or after an operator disabled a device and cannot wait for the TTL). */
    public void clearCache() {
        devices.clear();
    }
}

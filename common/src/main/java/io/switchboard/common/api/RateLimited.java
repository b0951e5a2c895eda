package io.switchboard.common.api;

/**
 * 429/{@link ErrorCode#RATE_LIMITED}: the answer also carries {@code Retry-After} in whole seconds (at least 1),
 * the time until the request would have been let through.
 */
public class RateLimited extends ApiException {
    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds, String message) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

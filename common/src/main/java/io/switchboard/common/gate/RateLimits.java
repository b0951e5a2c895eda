package io.switchboard.common.gate;

/**
 * A merchant's own Open API rate limits, as account-service stores them; a null field takes the platform default
 * ({@code switchboard.rate.*}). {@code perSecond}/{@code burst} size the general bucket (every operation but the
 * message sends), {@code sendPerSecond}/{@code sendBurst} the send bucket.
 */
// Jackson reads and writes it by reflection (also in a native image): it travels inside MerchantKeyView.
@io.quarkus.runtime.annotations.RegisterForReflection
public record RateLimits(Double perSecond, Integer burst, Double sendPerSecond, Integer sendBurst) {
    /** No overrides: every field takes the default. */
    public static final RateLimits DEFAULTS = new RateLimits(null, null, null, null);
}

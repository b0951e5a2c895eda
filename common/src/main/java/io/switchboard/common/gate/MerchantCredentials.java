package io.switchboard.common.gate;

import java.security.PublicKey;

/**
 * What the gate needs to know about the caller: who it is, the key its requests must verify with, and its own
 * rate limits (never null; {@link RateLimits#DEFAULTS} when it has none).
 */
public record MerchantCredentials(String merchantId, String appId, PublicKey publicKey, boolean active,
                                  RateLimits rateLimits) {
    public MerchantCredentials {
        rateLimits = rateLimits == null ? RateLimits.DEFAULTS : rateLimits;
    }

    public MerchantCredentials(String merchantId, String appId, PublicKey publicKey, boolean active) {
        this(merchantId, appId, publicKey, active, RateLimits.DEFAULTS);
    }
}

package io.switchboard.common.client;

import io.switchboard.common.gate.RateLimits;

/**
 * account-service's internal answer to "who is app_id X": {@code GET /internal/merchants/by-app/{appId}}, with
 * the merchant's own rate limits (null from an account-service that predates them: the defaults apply).
 */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record MerchantKeyView(String merchantId, String appId, String rsaPublicKey, boolean active,
                              RateLimits rateLimits) {
    public MerchantKeyView(String merchantId, String appId, String rsaPublicKey, boolean active) {
        this(merchantId, appId, rsaPublicKey, active, null);
    }
}

package io.switchboard.account.mapping;

import io.switchboard.account.model.Merchant;
import io.switchboard.common.gate.RateLimits;
import java.time.Instant;
import java.util.List;

/** Admin views of merchants: never carry secrets (they are shown once, at creation). */
public final class MerchantViews {
    private MerchantViews() {}

    public record CreateMerchantRequest(String name, String rsaPublicKey, String callbackUrl) {}

    /** The one response that shows the device key and webhook secret. */
    public record CreatedMerchant(String merchantId, String appId, String deviceKey, String webhookSecret) {}

    /** Fields to change; absent (null) fields stay as they are. */
    public record UpdateMerchantRequest(String name, String rsaPublicKey, String callbackUrl, Boolean active) {}

    public record RotateWebhookSecret(Integer graceSeconds) {}

    /** The new secret, shown once; the previous one keeps signing until {@code previousValidUntil}. */
    public record RotatedWebhookSecret(String webhookSecret, Instant previousValidUntil) {}

    public record MerchantView(String merchantId, String appId, String name, String callbackUrl,
                               String rsaPublicKey, boolean active, Instant createdAt) {}

    /**
     * A merchant's Open API rate limits: {@code own} as stored (null fields take the default), {@code effective}
     * what the gate applies.
     */
    public record RateView(String merchantId, RateLimits own, RateLimits effective) {}

    public record MerchantPage(List<MerchantView> merchants, long total, int page, int size) {}

    /** The merchant's own limits as the gate reads them (null fields take the default). */
    public static RateLimits rateLimits(Merchant m) {
        return new RateLimits(m.ratePerSecond == null ? null : m.ratePerSecond.doubleValue(), m.rateBurst,
                m.sendRatePerSecond == null ? null : m.sendRatePerSecond.doubleValue(), m.sendRateBurst);
    }

    public static MerchantView view(Merchant m) {
        return new MerchantView(m.merchantId, m.appId, m.name, m.callbackUrl, m.rsaPublicKey, m.active, m.createdAt);
    }
}

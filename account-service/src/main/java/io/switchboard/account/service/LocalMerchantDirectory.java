package io.switchboard.account.service;

import io.switchboard.account.mapping.MerchantViews;
import io.switchboard.account.repository.MerchantRepository;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.FallbackCache;
import io.switchboard.common.client.MerchantChanges;
import io.switchboard.common.gate.MerchantCredentials;
import io.switchboard.common.gate.MerchantDirectory;
import io.switchboard.common.gate.RsaKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;

/**
 * account-service owns merchants, so its gate reads them locally. Parsed keys are cached like the other services
 * cache them ({@link AccountDirectory#FRESH}), and dropped when any replica changes the merchant
 * ({@link MerchantChanges}); a lost change message is seen within {@code FRESH}.
 */
@ApplicationScoped
public class LocalMerchantDirectory implements MerchantDirectory {
    @Inject
    MerchantRepository merchants;

    // No stale fallback: when the database is down the request fails anyway.
    private final FallbackCache<String, MerchantCredentials> cache =
            new FallbackCache<>(AccountDirectory.FRESH, AccountDirectory.NEGATIVE, Duration.ZERO, 10_000);

    @Override
    public Optional<MerchantCredentials> findByAppId(String appId) {
        if (!Formats.isId(appId)) {
            return Optional.empty(); // names nothing; never reaches the database
        }
        return cache.get(appId, this::load);
    }

    // Intercepted self-invocation: a cache hit opens no transaction.
    @Transactional
    MerchantCredentials load(String appId) {
        return merchants.findByAppId(appId).map(m -> new MerchantCredentials(m.merchantId, m.appId,
                RsaKeys.parsePublicKey(m.rsaPublicKey), m.active, MerchantViews.rateLimits(m))).orElse(null);
    }

    void onMerchantChanged(@Observes MerchantChanges.Changed change) {
        if (change.all()) {
            cache.clear();
        } else if (change.appId() != null) {
            cache.invalidate(change.appId());
        }
    }
}

package io.switchboard.account.service;

import io.quarkus.cache.CacheResult;
import io.switchboard.account.repository.MerchantRepository;
import io.switchboard.common.gate.MerchantCredentials;
import io.switchboard.common.gate.MerchantDirectory;
import io.switchboard.common.gate.RsaKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** account-service owns merchants, so its gate reads them locally (parsed keys cached briefly). */
@ApplicationScoped
public class LocalMerchantDirectory implements MerchantDirectory {
    @Inject
    MerchantRepository merchants;

    @Override
    @Transactional
    @CacheResult(cacheName = "merchant-credentials")
    public Optional<MerchantCredentials> findByAppId(String appId) {
        return merchants.findByAppId(appId).map(m -> new MerchantCredentials(m.merchantId, m.appId,
                RsaKeys.parsePublicKey(m.rsaPublicKey), m.active));
    }
}

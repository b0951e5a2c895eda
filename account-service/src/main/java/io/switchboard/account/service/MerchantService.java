package io.switchboard.account.service;

import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.mapping.MerchantViews;
import io.switchboard.account.mapping.MerchantViews.CreateMerchantRequest;
import io.switchboard.account.mapping.MerchantViews.CreatedMerchant;
import io.switchboard.account.mapping.MerchantViews.MerchantPage;
import io.switchboard.account.model.Merchant;
import io.switchboard.account.repository.MerchantRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Ids;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.gate.RsaKeys;
import io.switchboard.common.web.WebhookUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Base64;

/** Merchant registration and look-up. Secrets are generated here, returned once, and stored encrypted. */
@ApplicationScoped
public class MerchantService {
    @Inject
    MerchantRepository merchants;
    @Inject
    SecretCipher cipher;
    @Inject
    WebhookUrlPolicy urlPolicy;

    @Transactional
    @CacheInvalidateAll(cacheName = "merchant-credentials")
    public CreatedMerchant create(CreateMerchantRequest req) {
        if (req == null) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "a JSON body {name, rsaPublicKey, callbackUrl} is required");
        }
        String name = req.name() == null ? "" : req.name().strip();
        if (name.isEmpty()) {
            throw ApiException.missing("name");
        }
        if (name.length() > 128) {
            throw ApiException.invalid("name must be at most 128 characters");
        }
        if (req.rsaPublicKey() != null && req.rsaPublicKey().length() > 16384) {
            throw ApiException.invalid("rsaPublicKey is too long");
        }
        RsaKeys.parsePublicKey(req.rsaPublicKey());
        String callbackUrl = urlPolicy.check(req.callbackUrl(), "callbackUrl").toString();

        Merchant m = new Merchant();
        m.merchantId = Ids.random("mch_", 12);
        m.appId = Ids.random("app_", 12);
        m.name = name;
        m.rsaPublicKey = req.rsaPublicKey().strip();
        m.callbackUrl = callbackUrl;
        String deviceKey = Ids.random("", 16);
        String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(Ids.randomBytes(32));
        m.deviceKeyEnc = cipher.encrypt(deviceKey, SecretContexts.merchantDeviceKey(m.merchantId));
        m.webhookSecretEnc = cipher.encrypt(webhookSecret, SecretContexts.merchantWebhookSecret(m.merchantId));
        m.updatedAt = Instant.now();
        merchants.persist(m);
        return new CreatedMerchant(m.merchantId, m.appId, deviceKey, webhookSecret);
    }

    @Transactional
    public MerchantPage list(int page, int size) {
        var views = merchants.findAll(Sort.by("id")).page(Page.of(page - 1, size)).list().stream()
                .map(MerchantViews::view).toList();
        return new MerchantPage(views, merchants.count(), page, size);
    }

    @Transactional
    public Merchant get(String merchantId) {
        return merchants.findByMerchantId(merchantId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "merchant '" + merchantId + "' not found"));
    }
}

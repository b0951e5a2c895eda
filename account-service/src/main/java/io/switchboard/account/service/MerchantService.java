package io.switchboard.account.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.mapping.MerchantViews;
import io.switchboard.account.mapping.MerchantViews.CreateMerchantRequest;
import io.switchboard.account.mapping.MerchantViews.CreatedMerchant;
import io.switchboard.account.mapping.MerchantViews.MerchantPage;
import io.switchboard.account.mapping.MerchantViews.RateView;
import io.switchboard.account.mapping.MerchantViews.RotatedWebhookSecret;
import io.switchboard.account.mapping.MerchantViews.UpdateMerchantRequest;
import io.switchboard.account.model.Merchant;
import io.switchboard.account.repository.MerchantRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Ids;
import io.switchboard.common.client.MerchantChanges;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.gate.RateLimiter;
import io.switchboard.common.gate.RateLimits;
import io.switchboard.common.gate.RsaKeys;
import io.switchboard.common.web.WebhookUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Merchant registration and look-up. Secrets are generated here, returned once, and stored encrypted. Every change
 * is announced after commit ({@link MerchantChanges}) so no replica of any service keeps a stale key, flag, URL
 * or secret.
 */
@ApplicationScoped
public class MerchantService {
    @Inject
    MerchantRepository merchants;
    @Inject
    SecretCipher cipher;
    @Inject
    WebhookUrlPolicy urlPolicy;
    @Inject
    MerchantChanges changes;
    @Inject
    RateLimiter limiter;

    static final List<String> RATE_FIELDS = List.of("perSecond", "burst", "sendPerSecond", "sendBurst");
    static final int MAX_RATE = 1_000_000;

    @Transactional
    public CreatedMerchant create(CreateMerchantRequest req) {
        if (req == null) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "a JSON body {name, rsaPublicKey, callbackUrl} is required");
        }
        String name = req.name() == null ? "" : req.name().strip();
        checkName(name);
        checkKey(req.rsaPublicKey());
        String callbackUrl = urlPolicy.check(req.callbackUrl(), "callbackUrl").toString();

        Merchant m = new Merchant();
        m.merchantId = Ids.random("mch_", 12);
        m.appId = Ids.random("app_", 12);
        m.name = name;
        m.rsaPublicKey = req.rsaPublicKey().strip();
        m.callbackUrl = callbackUrl;
        String deviceKey = Ids.random("", 16);
        String webhookSecret = newWebhookSecret();
        m.deviceKeyEnc = cipher.encrypt(deviceKey, SecretContexts.merchantDeviceKey(m.merchantId));
        m.webhookSecretEnc = cipher.encrypt(webhookSecret, SecretContexts.merchantWebhookSecret(m.merchantId));
        m.updatedAt = Instant.now();
        merchants.persist(m);
        changes.publishAfterCommit(m.merchantId, m.appId); // an app_id looked up a moment ago may be cached as unknown
        return new CreatedMerchant(m.merchantId, m.appId, deviceKey, webhookSecret);
    }

    /** Changes name, key, callback URL or the active flag; a disabled merchant's requests get 401/40105. */
    @Transactional
    public Merchant update(String merchantId, UpdateMerchantRequest req) {
        if (req == null) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "a JSON body with the fields to change is required");
        }
        Merchant m = get(merchantId);
        if (req.name() != null) {
            checkName(req.name().strip());
            m.name = req.name().strip();
        }
        if (req.rsaPublicKey() != null) {
            checkKey(req.rsaPublicKey());
            m.rsaPublicKey = req.rsaPublicKey().strip();
        }
        if (req.callbackUrl() != null) {
            m.callbackUrl = urlPolicy.check(req.callbackUrl(), "callbackUrl").toString();
        }
        if (req.active() != null) {
            m.active = req.active();
        }
        m.updatedAt = Instant.now();
        changes.publishAfterCommit(m.merchantId, m.appId); // every replica and service drops its cached answer
        return m;
    }

    /**
     * Issues a new webhook secret. The old one goes on signing, as a second {@code v1,} signature, for the grace
     * period (default 24 h, at most 7 days), so the merchant can switch its verifier without losing webhooks.
     */
    @Transactional
    public RotatedWebhookSecret rotateWebhookSecret(String merchantId, Integer graceSeconds) {
        int grace = graceSeconds == null ? 86_400 : graceSeconds;
        if (grace < 0 || grace > 7 * 86_400) {
            throw ApiException.invalid("graceSeconds must be between 0 and 604800");
        }
        Merchant m = get(merchantId);
        String secret = newWebhookSecret();
        m.previousWebhookSecretEnc = m.webhookSecretEnc;
        m.previousWebhookSecretExpiresAt = Instant.now().plusSeconds(grace);
        m.webhookSecretEnc = cipher.encrypt(secret, SecretContexts.merchantWebhookSecret(m.merchantId));
        m.updatedAt = Instant.now();
        changes.publishAfterCommit(m.merchantId, m.appId); // callback-service signs with the new secret at once
        return new RotatedWebhookSecret(secret, m.previousWebhookSecretExpiresAt);
    }

    /** The merchant's own rate limits and the ones in force. */
    @Transactional
    public RateView rateLimits(String merchantId) {
        return rateView(get(merchantId));
    }

    /**
     * Replaces the merchant's own Open API rate limits: {@code perSecond}, {@code burst}, {@code sendPerSecond},
     * {@code sendBurst}; an absent or null field takes the default ({@code switchboard.rate.*}), so {@code {}}
     * clears them all. Every gate sees the change after commit ({@link MerchantChanges}; at the latest within the
     * merchant cache's fresh time).
     */
    @Transactional
    public RateView setRateLimits(String merchantId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "a JSON object {perSecond, burst, sendPerSecond, "
                    + "sendBurst} is required (absent or null fields take the default; {} clears them all)");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!RATE_FIELDS.contains(name)) {
                throw ApiException.invalid("unknown field '" + name + "'; the fields are " + RATE_FIELDS);
            }
        }
        BigDecimal perSecond = perSecond(body, "perSecond");
        Integer burst = burst(body, "burst");
        BigDecimal sendPerSecond = perSecond(body, "sendPerSecond");
        Integer sendBurst = burst(body, "sendBurst");
        Merchant m = get(merchantId);
        m.ratePerSecond = perSecond;
        m.rateBurst = burst;
        m.sendRatePerSecond = sendPerSecond;
        m.sendRateBurst = sendBurst;
        m.updatedAt = Instant.now();
        changes.publishAfterCommit(m.merchantId, m.appId); // every gate drops its cached limits
        return rateView(m);
    }

    private RateView rateView(Merchant m) {
        RateLimits own = MerchantViews.rateLimits(m);
        RateLimiter.Limit general = limiter.limit(RateLimiter.RateClass.GENERAL, own);
        RateLimiter.Limit send = limiter.limit(RateLimiter.RateClass.SEND, own);
        return new RateView(m.merchantId, own,
                new RateLimits(general.perSecond(), general.burst(), send.perSecond(), send.burst()));
    }

    /** Requests per second: a JSON number over 0, at most {@value #MAX_RATE}, with at most 3 decimals. */
    private static BigDecimal perSecond(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        // 1e999 parses as an infinite double, which has no decimal value: refused like any other bad number.
        BigDecimal v = n.isNumber() && Double.isFinite(n.doubleValue()) ? n.decimalValue().stripTrailingZeros() : null;
        if (v == null || v.signum() <= 0 || v.compareTo(BigDecimal.valueOf(MAX_RATE)) > 0 || v.scale() > 3) {
            throw ApiException.invalid(name + " must be a number of requests per second over 0 and at most "
                    + MAX_RATE + ", with at most 3 decimals (0.5 = one request every 2 s), or null for the default");
        }
        return v;
    }

    /** Bucket size: a whole JSON number from 1 to {@value #MAX_RATE}. */
    private static Integer burst(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1 || n.intValue() > MAX_RATE) {
            throw ApiException.invalid(name + " must be a whole number from 1 to " + MAX_RATE
                    + " (requests let through at once), or null for the default");
        }
        return n.intValue();
    }

    /** The secrets that sign this merchant's webhooks now: the current one, then the previous one while valid. */
    public List<String> activeWebhookSecrets(Merchant m) {
        String context = SecretContexts.merchantWebhookSecret(m.merchantId);
        List<String> secrets = new ArrayList<>(List.of(cipher.decrypt(m.webhookSecretEnc, context)));
        if (m.previousWebhookSecretEnc != null && m.previousWebhookSecretExpiresAt != null
                && m.previousWebhookSecretExpiresAt.isAfter(Instant.now())) {
            secrets.add(cipher.decrypt(m.previousWebhookSecretEnc, context));
        }
        return secrets;
    }

    private static String newWebhookSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(Ids.randomBytes(32));
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw ApiException.missing("name");
        }
        if (name.length() > 128) {
            throw ApiException.invalid("name must be at most 128 characters");
        }
    }

    private static void checkKey(String key) {
        if (key != null && key.length() > 16384) {
            throw ApiException.invalid("rsaPublicKey is too long");
        }
        RsaKeys.parsePublicKey(key);
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

package io.switchboard.common.gate;

import io.quarkus.arc.DefaultBean;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.MerchantKeyView;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The merchant directory of services that do not own merchants: asks account-service through
 * {@link AccountDirectory} (timeout, retry, breaker, short cache invalidated by merchant-change messages; an
 * unreachable account-service without a cached answer is a 503). Parsed keys are kept by their PEM text, so a
 * request costs no SPKI parsing and a rotated key is a new entry.
 */
@DefaultBean
@ApplicationScoped
public class RemoteMerchantDirectory implements MerchantDirectory {
    private static final int MAX_KEYS = 10_000;

    private final AccountDirectory accounts;
    private final Map<String, PublicKey> parsedKeys = new ConcurrentHashMap<>();

    public RemoteMerchantDirectory(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<MerchantCredentials> findByAppId(String appId) {
        return accounts.merchantByAppId(appId).map(this::credentials);
    }

    private MerchantCredentials credentials(MerchantKeyView v) {
        PublicKey key = parsedKeys.get(v.rsaPublicKey());
        if (key == null) {
            key = RsaKeys.parsePublicKey(v.rsaPublicKey());
            if (parsedKeys.size() >= MAX_KEYS) {
                parsedKeys.clear(); // crude bound: only a cost, never a wrong answer
            }
            parsedKeys.put(v.rsaPublicKey(), key);
        }
        return new MerchantCredentials(v.merchantId(), v.appId(), key, v.active(), v.rateLimits());
    }
}

package io.switchboard.common.gate;

import java.util.Optional;

/**
 * Looks up a merchant by {@code app_id}. account-service answers from its own tables; the other services ask
 * account-service (see {@link RemoteMerchantDirectory}).
 */
public interface MerchantDirectory {
    Optional<MerchantCredentials> findByAppId(String appId);
}

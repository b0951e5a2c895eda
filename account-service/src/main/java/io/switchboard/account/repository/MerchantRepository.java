package io.switchboard.account.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.account.model.Merchant;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class MerchantRepository implements PanacheRepository<Merchant> {
    public Optional<Merchant> findByMerchantId(String merchantId) {
        return find("merchantId", merchantId).firstResultOptional();
    }

    public Optional<Merchant> findByAppId(String appId) {
        return find("appId", appId).firstResultOptional();
    }
}

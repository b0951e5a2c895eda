package io.switchboard.account.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.account.model.Device;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DeviceRepository implements PanacheRepository<Device> {
    public Optional<Device> findByDeviceNo(String deviceNo) {
        return find("deviceNo", deviceNo).firstResultOptional();
    }

    public List<Device> ofMerchant(String merchantId) {
        return list("merchantId", merchantId);
    }
}

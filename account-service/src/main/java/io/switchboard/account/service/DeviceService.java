package io.switchboard.account.service;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.account.config.AccountConfig;
import io.switchboard.account.model.Device;
import io.switchboard.account.repository.DeviceRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;

/** Devices: registration, ownership, and the choice of a device for a new login. */
@ApplicationScoped
public class DeviceService {
    @Inject
    DeviceRepository devices;
    @Inject
    RobotRepository robots;
    @Inject
    RedisDataSource redis;
    @Inject
    AccountConfig config;

    public record Registered(String deviceNo, boolean created) {}

    /** Registers a device to the merchant; registering one's own device again is a no-op. */
    @Transactional
    public Registered register(String merchantId, String deviceNo) {
        var existing = devices.findByDeviceNo(deviceNo);
        if (existing.isPresent()) {
            if (!existing.get().merchantId.equals(merchantId)) {
                throw new ApiException(ErrorCode.CONFLICT, "device '" + deviceNo + "' is registered to another merchant");
            }
            return new Registered(deviceNo, false);
        }
        Device d = new Device();
        d.deviceNo = deviceNo;
        d.merchantId = merchantId;
        devices.persist(d);
        return new Registered(deviceNo, true);
    }

    /** The merchant's device of that number; 404 when unknown, 403 when another merchant's. */
    @Transactional
    public Device owned(String merchantId, String deviceNo) {
        Device d = devices.findByDeviceNo(deviceNo)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "device '" + deviceNo + "' is not registered"));
        if (!d.merchantId.equals(merchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "device '" + deviceNo + "' belongs to another merchant");
        }
        return d;
    }

    /** The merchant's online device carrying the fewest live robots, or 409 when none is online. */
    @Transactional
    public Device pickOnline(String merchantId) {
        List<Device> mine = devices.ofMerchant(merchantId);
        if (mine.isEmpty()) {
            throw new ApiException(ErrorCode.CONFLICT, "no device is registered; call registerDevice and connect it");
        }
        long since = System.currentTimeMillis() - config.deviceOnlineWindow().toMillis();
        var presence = redis.sortedSet(String.class);
        return mine.stream()
                .filter(d -> {
                    var seen = presence.zscore(Presence.DEVICES, d.deviceNo);
                    return seen.isPresent() && seen.getAsDouble() >= since;
                })
                .min(Comparator.comparingLong((Device d) -> robots.liveRobotsOn(d.deviceNo)).thenComparing(d -> d.deviceNo))
                .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT,
                        "none of the merchant's devices is online; connect one or name it with device_no"));
    }
}

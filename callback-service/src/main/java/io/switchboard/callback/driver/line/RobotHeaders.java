package io.switchboard.callback.driver.line;

import io.quarkus.cache.CacheResult;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.api.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The robot a {@code robot-serial_no} header names: the header itself, or, when it is a login serial (seed 000:
 * 机器人编号或登录流水号), that login's robot. Cached because heartbeats ask it on every beat and the answer never
 * changes (a command's robot is fixed, and command serials are platform UUIDs that no robot serial collides with).
 */
@ApplicationScoped
public class RobotHeaders {
    @Inject
    RobotInbound inbound;

    @CacheResult(cacheName = "robot-of-header")
    public String robotOf(String merchantId, String header) {
        if (!Formats.isId(header)) {
            return header; // not a command serial's shape
        }
        return inbound.command(header)
                .filter(c -> merchantId.equals(c.merchantId) && c.robotSerialNo != null)
                .map(c -> c.robotSerialNo).orElse(header);
    }
}

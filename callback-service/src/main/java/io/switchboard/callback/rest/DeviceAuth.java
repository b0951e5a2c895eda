package io.switchboard.callback.rest;

import io.switchboard.callback.client.AccountLink;
import io.switchboard.callback.driver.line.LineSignature;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.client.InternalViews.DeviceView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/** Authenticates a device request by its MD5 {@code sign} with the merchant's device key (DESIGN §4). */
@ApplicationScoped
public class DeviceAuth {
    @Inject
    AccountLink accounts;

    public DeviceView authenticate(Function<String, String> header, byte[] body) {
        String sign = header.apply("sign");
        String deviceNo = header.apply("device-no");
        if (sign == null || sign.isBlank()) {
            throw new LineError(401, "the sign header is missing");
        }
        if (deviceNo == null || deviceNo.isBlank()) {
            throw new LineError(401, "the device-no header is missing");
        }
        DeviceView device;
        try {
            device = accounts.device(deviceNo).orElse(null);
        } catch (ApiException e) {
            throw new LineError(503, "account-service is unavailable; retry later");
        }
        if (device == null) {
            throw new LineError(403, "device " + deviceNo + " is not registered");
        }
        if (!device.active()) {
            throw new LineError(403, "device " + deviceNo + " is disabled");
        }
        if (!LineSignature.verify(header, body, device.deviceKey(), sign)) {
            throw new LineError(401, "sign does not match: expected md5 of the header values (device-no, app-version, "
                    + "robot-phone, robot-serial_no, protocol; absent ones skipped) + the raw body + the device key");
        }
        return device;
    }
}

package io.switchboard.callback.driver.line;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.InternalViews.DeviceView;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.common.client.AccountDirectory;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * Authenticates a device request by its MD5 {@code sign} with the merchant's device key (DESIGN §4). The shapes of
 * {@code device-no} and {@code sign} are checked before account-service is asked, so garbage is refused with 400/401
 * and never counts against its circuit breaker.
 */
@ApplicationScoped
public class DeviceAuth {
    @Inject
    AccountDirectory accounts;

    public DeviceView authenticate(Function<String, String> header, byte[] body) {
        String sign = header.apply("sign");
        String deviceNo = header.apply("device-no");
        if (sign == null || sign.isBlank()) {
            throw new LineError(401, "the sign header is missing");
        }
        if (deviceNo == null || deviceNo.isBlank()) {
            throw new LineError(401, "the device-no header is missing");
        }
        checkShapes(deviceNo, sign);
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

    /** A device number the platform could have registered, and a hex MD5: anything else is refused unasked. */
    static void checkShapes(String deviceNo, String sign) {
        if (!Formats.isId(deviceNo)) {
            throw new LineError(400, "device-no must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!LineSignature.isMd5Hex(sign)) {
            throw new LineError(401, "sign must be 32 hexadecimal characters (an MD5)");
        }
    }
}

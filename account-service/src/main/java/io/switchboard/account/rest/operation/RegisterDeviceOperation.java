package io.switchboard.account.rest.operation;

import io.switchboard.account.service.DeviceService;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code registerDevice}: data {@code {"device_no"}} (1–64 of letters, digits, '-', '_', '.'). Registering one's
 * own device again answers the same; a device of another merchant is 409.
 */
@ApplicationScoped
public class RegisterDeviceOperation implements OpenApiOperation {
    @Inject
    DeviceService devices;

    @Override
    public String name() { return "registerDevice"; }

    @Override
    public Object handle(OpenApiCall call) {
        String deviceNo = call.requireText("device_no", 64);
        if (!deviceNo.matches("[A-Za-z0-9._-]+")) {
            throw ApiException.invalid("data.device_no may hold only letters, digits, '.', '_' and '-'");
        }
        return devices.register(call.merchantId(), deviceNo);
    }
}

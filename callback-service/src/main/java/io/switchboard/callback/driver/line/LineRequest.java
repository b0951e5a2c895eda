package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.client.InternalViews.DeviceView;
import java.util.function.Function;

/** An authenticated device request: the action, the signing device, its headers and the parsed body. */
public record LineRequest(String action, DeviceView device, Function<String, String> headers, JsonNode body) {

    public String deviceNo() {
        return device.deviceNo();
    }

    public String merchantId() {
        return device.merchantId();
    }

    /** {@code robot-serial_no}: the robot's serial, or (seed: 机器人编号或登录流水号) the login serial. */
    public String robotHeader() {
        String v = headers.apply("robot-serial_no");
        return v == null || v.isBlank() ? null : v;
    }
}

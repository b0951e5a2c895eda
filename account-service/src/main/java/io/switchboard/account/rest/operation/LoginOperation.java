package io.switchboard.account.rest.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.service.RobotLoginService;
import io.switchboard.account.service.RobotLoginService.LoginRequest;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@code login} (seed 001 fields plus DESIGN §2's): {@code vcRobotSerialNo} (required, ≤256), {@code username},
 * {@code password} (≤256), {@code is_cache_login}, {@code login_type} (0 password, 1 QR; default 0),
 * {@code vcRobotSerialNo_type} (0), {@code protocol} (default LINE_DEVICE), {@code phone} (required for
 * LINE_DEVICE, digits with country code), {@code country_code}, {@code cache_info} (≤64 KiB), {@code socks5}
 * ({"ip","port","user","pwd"}), {@code device_no}, {@code engine_url}. Accepted asynchronously: the result is
 * webhook 1001 and {@code getTask}.
 */
@ApplicationScoped
public class LoginOperation implements OpenApiOperation {
    static final Set<String> PROTOCOLS = Set.of("LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP");

    @Inject
    RobotLoginService logins;

    @Override
    public String name() { return "login"; }

    @Override
    public Object handle(OpenApiCall call) {
        String robot = call.requireText("vcRobotSerialNo", 256);
        String protocol = call.optionalText("protocol", 16);
        protocol = protocol == null || protocol.isBlank() ? "LINE_DEVICE" : protocol;
        if (!PROTOCOLS.contains(protocol)) {
            throw ApiException.invalid("data.protocol must be one of " + PROTOCOLS);
        }
        if (!protocol.equals("LINE_DEVICE")) {
            // Engine drivers (DESIGN §5) are a later issue; refuse clearly instead of queuing a doomed command.
            throw ApiException.invalid("protocol " + protocol + " is not supported yet; use LINE_DEVICE");
        }
        String phone = call.requireText("phone", 32);
        if (!phone.matches("\\+?\\d{5,20}")) {
            throw ApiException.invalid("data.phone must be digits with the country code, e.g. 8613800000000");
        }
        String countryCode = call.optionalText("country_code", 8);
        if (countryCode != null && !countryCode.matches("\\d{1,4}")) {
            throw ApiException.invalid("data.country_code must be 1-4 digits");
        }
        String loginType = call.optionalText("login_type", 1);
        loginType = loginType == null || loginType.isEmpty() ? "0" : loginType;
        if (!loginType.equals("0") && !loginType.equals("1")) {
            throw ApiException.invalid("data.login_type must be 0 (account and password) or 1 (QR code)");
        }
        String robotType = call.optionalText("vcRobotSerialNo_type", 1);
        if (robotType != null && !robotType.isEmpty() && !robotType.equals("0")) {
            throw ApiException.invalid("data.vcRobotSerialNo_type must be 0 (platform account)");
        }
        boolean cacheLogin = call.optionalBoolean("is_cache_login", false);
        String cacheInfo = call.optionalText("cache_info", 65536);
        ObjectNode socks5 = call.optionalObject("socks5");
        if (socks5 != null) {
            validateSocks5(socks5);
        }
        String deviceNo = call.optionalText("device_no", 64);
        LoginRequest req = new LoginRequest(robot, protocol, deviceNo == null || deviceNo.isEmpty() ? null : deviceNo,
                phone, countryCode, call.optionalText("username", 256), call.optionalText("password", 256),
                cacheInfo == null || cacheInfo.isEmpty() ? null : cacheInfo, cacheLogin, loginType, socks5);
        return logins.login(call.merchantId(), call.serialNo(), req);
    }

    static void validateSocks5(ObjectNode s) {
        String ip = s.path("ip").asText("");
        if (ip.isBlank() || ip.length() > 255) {
            throw ApiException.invalid("data.socks5.ip is required (a host name or address)");
        }
        int port = s.path("port").asInt(-1);
        if (port < 1 || port > 65535) {
            throw ApiException.invalid("data.socks5.port must be 1-65535");
        }
        if (s.path("user").asText("").length() > 256 || s.path("pwd").asText("").length() > 256) {
            throw ApiException.invalid("data.socks5.user and pwd must be at most 256 characters");
        }
    }
}

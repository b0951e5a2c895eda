package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.service.RobotLoginService;
import io.switchboard.account.service.RobotLoginService.Accepted;
import io.switchboard.account.service.RobotLoginService.LoginRequest;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/**
 * {@code login}: seed 001's fields plus DESIGN §2's. Accepted asynchronously; the result is webhook 1001 and
 * {@code getTask}. A {@code LINE_DEVICE} robot runs on a device (given, or the merchant's least busy online one)
 * and needs {@code phone}; an engine robot ({@code LINE_WS}, {@code CHAT68_WS}, {@code IM_HTTP}) is reached at
 * its {@code engine_url} and takes no device.
 */
@OpenApiOp(name = "login", summary = "Log a robot in (asynchronous; result: webhook 1001 and getTask)",
        description = "The robot is created by its first login. LINE_DEVICE (default): `phone` required, `device_no` "
                + "optional (absent: the merchant's least busy online device), `engine_url` refused. LINE_WS, "
                + "CHAT68_WS, IM_HTTP: `engine_url` required (ws:// or wss://; http(s):// for IM_HTTP), `device_no` "
                + "refused, `phone` optional.",
        errors = {FORBIDDEN, NOT_FOUND, CONFLICT})
public class LoginOperation implements OpenApiOperation<LoginOperation.Data> {
    /** Device numbers and other platform identifiers (Formats.isId). */
    static final String ID = "[A-Za-z0-9._-]+";
    static final String ID_MESSAGE = "may hold only letters, digits, '.', '_' and '-'";

    /** How the platform reaches the robot (DESIGN §1, §5) and which URL schemes its engine takes. */
    @RegisterForReflection
    public enum Protocol {
        LINE_DEVICE(Set.of()), LINE_WS(Set.of("ws", "wss")), CHAT68_WS(Set.of("ws", "wss")),
        IM_HTTP(Set.of("http", "https"));

        private final Set<String> schemes;

        Protocol(Set<String> schemes) {
            this.schemes = schemes;
        }

        public boolean engine() {
            return !schemes.isEmpty();
        }

        Set<String> schemes() {
            return schemes;
        }

        String schemeHint() {
            return this == IM_HTTP ? "http:// or https://" : "ws:// or wss://";
        }
    }

    @RegisterForReflection
    public record Socks5(
            @Schema(description = "proxy host name or address") @NotBlank @Size(max = 255) String ip,
            @NotNull @Range(min = 1, max = 65535) Integer port,
            @Size(max = 256) String user,
            @Size(max = 256) String pwd) {}

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial; unique across merchants") @NotBlank @Size(max = 256)
            String vcRobotSerialNo,
            @Schema(description = "how the platform reaches the robot", defaultValue = "LINE_DEVICE") Protocol protocol,
            @Schema(description = "digits with the country code; required for LINE_DEVICE", example = "8613800000000")
            @Pattern(regexp = "\\+?\\d{5,20}", message = "must be digits with the country code, e.g. 8613800000000")
            String phone,
            @JsonProperty("country_code") @Pattern(regexp = "\\d{1,4}", message = "must be 1-4 digits") String countryCode,
            @Size(max = 256) String username,
            @Schema(description = "stored encrypted") @Size(max = 256) String password,
            @JsonProperty("is_cache_login") @Schema(defaultValue = "false") Boolean isCacheLogin,
            @JsonProperty("cache_info") @Schema(description = "base64 login cache; stored encrypted. A cache login "
                    + "without it reuses the stored one") @Size(max = 65536) String cacheInfo,
            @Schema(description = "proxy (an object, or a string holding one); stored encrypted") @Valid Socks5 socks5,
            @JsonProperty("login_type") @Schema(description = "0 account and password, 1 QR code", defaultValue = "0")
            @Pattern(regexp = "[01]", message = "must be 0 (account and password) or 1 (QR code)") String loginType,
            @JsonProperty("vcRobotSerialNo_type") @Schema(description = "0 platform account", defaultValue = "0")
            @Pattern(regexp = "0", message = "must be 0 (platform account)") String robotType,
            @JsonProperty("device_no") @Schema(description = "LINE_DEVICE only: the merchant's device to run on")
            @Size(max = 64) @Pattern(regexp = ID, message = ID_MESSAGE) String deviceNo,
            @JsonProperty("engine_url") @Schema(description = "engine protocols only: ws:// or wss:// (LINE_WS, "
                    + "CHAT68_WS), http:// or https:// (IM_HTTP); no credentials; internal addresses refused",
                    example = "wss://engine.example:7001/") @Size(max = 2048) String engineUrl) {
        public Data {
            protocol = protocol == null ? Protocol.LINE_DEVICE : protocol;
            loginType = loginType == null ? "0" : loginType;
            isCacheLogin = isCacheLogin != null && isCacheLogin;
        }
    }

    @Inject
    RobotLoginService logins;
    @Inject
    EngineUrls engineUrls;
    @Inject
    ObjectMapper json;

    @Override
    public Accepted handle(OpenApiCall call, Data data) {
        Protocol protocol = data.protocol();
        String engineUrl = null;
        if (protocol.engine()) {
            if (data.deviceNo() != null) {
                throw ApiException.invalid("data.device_no is for LINE_DEVICE robots; a " + protocol
                        + " robot is reached through data.engine_url");
            }
            engineUrl = engineUrls.check(protocol, data.engineUrl());
        } else {
            if (data.engineUrl() != null) {
                throw ApiException.invalid("data.engine_url is for the engine protocols (LINE_WS, CHAT68_WS, IM_HTTP); "
                        + "a LINE_DEVICE robot runs on a device (data.device_no)");
            }
            if (data.phone() == null) {
                throw ApiException.missing("data.phone");
            }
        }
        ObjectNode socks5 = data.socks5() == null ? null : json.valueToTree(data.socks5());
        LoginRequest req = new LoginRequest(data.vcRobotSerialNo(), protocol.name(), data.deviceNo(), engineUrl,
                data.phone(), data.countryCode(), data.username(), data.password(), data.cacheInfo(),
                data.isCacheLogin(), data.loginType(), socks5);
        return logins.login(call.merchantId(), call.serialNo(), req);
    }
}

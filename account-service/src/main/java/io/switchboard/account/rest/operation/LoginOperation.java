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
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/**
 * {@code login}: seed 001's fields plus DESIGN §2's and issue 7's per-protocol fields. Accepted asynchronously; the
 * result is webhook 1001 and {@code getTask}. A {@code LINE_DEVICE} robot runs on a device (given, or the
 * merchant's least busy online one) and needs {@code phone}; an engine robot ({@code LINE_WS}, {@code CHAT68_WS},
 * {@code IM_HTTP}) is reached at its {@code engine_url} and takes no device. Each protocol takes only its own
 * fields ({@link #FIELDS}); any other field is refused, so a merchant never believes a field was used when it was not.
 */
@OpenApiOp(name = "login", summary = "Log a robot in (asynchronous; result: webhook 1001 and getTask)",
        description = "The robot is created by its first login. LINE_DEVICE (default): `phone` required, `device_no` "
                + "optional (absent: the merchant's least busy online device); also country_code, username, password, "
                + "is_cache_login, cache_info, socks5, login_type. LINE_WS: `engine_url` and either `email` + "
                + "`password` (+ optional `cert`) or `phone` + `auth_token`; optional `proxy` or `socks5`. "
                + "CHAT68_WS: `engine_url` only. IM_HTTP: `engine_url` and `password`. A field the protocol does "
                + "not take is refused (400).",
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

    /** LINE_WS's proxy (seed 002 {@code proxy_type}, {@code proxy_server}, …). */
    @RegisterForReflection
    public record Proxy(
            @Schema(description = "socks5 (no password, as seed 002 says) or http") @NotBlank
            @Pattern(regexp = "socks5|http", message = "must be socks5 or http") String type,
            @Schema(description = "proxy host name or address") @NotBlank @Size(max = 255)
            @Pattern(regexp = "[A-Za-z0-9._:\\[\\]-]+", message = "must be a host name or an IP address") String server,
            @NotNull @Range(min = 1, max = 65535) Integer port,
            @Size(max = 256) String username,
            @Schema(description = "http only; stored encrypted") @Size(max = 256) String password) {}

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial; unique across merchants") @NotBlank @Size(max = 256)
            String vcRobotSerialNo,
            @Schema(description = "how the platform reaches the robot", defaultValue = "LINE_DEVICE") Protocol protocol,
            @Schema(description = "digits with the country code; required for LINE_DEVICE and for a LINE_WS token "
                    + "login", example = "8613800000000")
            @Pattern(regexp = "\\+?\\d{5,20}", message = "must be digits with the country code, e.g. 8613800000000")
            String phone,
            @JsonProperty("country_code") @Pattern(regexp = "\\d{1,4}", message = "must be 1-4 digits") String countryCode,
            @Size(max = 256) String username,
            @Schema(description = "stored encrypted. LINE_DEVICE optional; LINE_WS email login and IM_HTTP required")
            @Size(max = 256) String password,
            @JsonProperty("is_cache_login") @Schema(defaultValue = "false") Boolean isCacheLogin,
            @JsonProperty("cache_info") @Schema(description = "base64 login cache; stored encrypted. A cache login "
                    + "without it reuses the stored one") @Size(max = 65536) String cacheInfo,
            @Schema(description = "proxy (an object, or a string holding one); stored encrypted. LINE_DEVICE and "
                    + "LINE_WS (as a socks5 proxy)") @Valid Socks5 socks5,
            @JsonProperty("login_type") @Schema(description = "0 account and password, 1 QR code", defaultValue = "0")
            @Pattern(regexp = "[01]", message = "must be 0 (account and password) or 1 (QR code)") String loginType,
            @JsonProperty("vcRobotSerialNo_type") @Schema(description = "0 platform account", defaultValue = "0")
            @Pattern(regexp = "0", message = "must be 0 (platform account)") String robotType,
            @JsonProperty("device_no") @Schema(description = "LINE_DEVICE only: the merchant's device to run on")
            @Size(max = 64) @Pattern(regexp = ID, message = ID_MESSAGE) String deviceNo,
            @JsonProperty("engine_url") @Schema(description = "engine protocols only: ws:// or wss:// (LINE_WS, "
                    + "CHAT68_WS), http:// or https:// (IM_HTTP); no credentials; internal addresses refused",
                    example = "wss://engine.example:7001/") @Size(max = 2048) String engineUrl,
            @Schema(description = "LINE_WS email login: the LINE account's e-mail") @Size(max = 254)
            @Email(message = "must be an e-mail address") String email,
            @Schema(description = "LINE_WS email login: the certificate of an earlier login; absent: the one stored "
                    + "for this robot and e-mail. Stored encrypted") @Size(max = 4096) String cert,
            @JsonProperty("auth_token") @Schema(description = "LINE_WS token login (with phone): the account's auth "
                    + "token. Stored encrypted") @Size(max = 4096) String authToken,
            @Schema(description = "LINE_WS proxy (an object, or a string holding one); stored encrypted") @Valid
            Proxy proxy) {
        public Data {
            protocol = protocol == null ? Protocol.LINE_DEVICE : protocol;
        }
    }

    /**
     * The fields each protocol's login takes besides {@code vcRobotSerialNo}, {@code protocol} and
     * {@code vcRobotSerialNo_type}; any other field present is refused (the merchant meant something the platform
     * would not do).
     */
    static final Map<Protocol, List<String>> FIELDS = Map.of(
            Protocol.LINE_DEVICE, List.of("phone", "country_code", "username", "password", "is_cache_login",
                    "cache_info", "socks5", "login_type", "device_no"),
            Protocol.LINE_WS, List.of("engine_url", "email", "password", "cert", "phone", "auth_token", "proxy",
                    "socks5"),
            Protocol.CHAT68_WS, List.of("engine_url"),
            Protocol.IM_HTTP, List.of("engine_url", "password"));

    @Inject
    RobotLoginService logins;
    @Inject
    EngineUrls engineUrls;
    @Inject
    ObjectMapper json;

    @Override
    public Accepted handle(OpenApiCall call, Data data) {
        Protocol protocol = data.protocol();
        // device_no and engine_url first: they say how the robot is reached, so their refusal says more.
        if (protocol.engine() && data.deviceNo() != null) {
            throw ApiException.invalid("data.device_no is for LINE_DEVICE robots; a " + protocol
                    + " robot is reached through data.engine_url");
        }
        if (!protocol.engine() && data.engineUrl() != null) {
            throw ApiException.invalid("data.engine_url is for the engine protocols (LINE_WS, CHAT68_WS, IM_HTTP); "
                    + "a LINE_DEVICE robot runs on a device (data.device_no)");
        }
        refuseFieldsOutside(protocol, data);
        String engineUrl = protocol.engine() ? engineUrls.check(protocol, data.engineUrl()) : null;
        ObjectNode proxy = null;
        ObjectNode socks5 = data.socks5() == null ? null : json.valueToTree(data.socks5());
        switch (protocol) {
            case LINE_DEVICE -> {
                if (data.phone() == null) {
                    throw ApiException.missing("data.phone");
                }
            }
            case LINE_WS -> {
                checkLineWsCredentials(data);
                proxy = lineWsProxy(data);
                socks5 = null; // converted into proxy: LINE_WS drivers read only proxy
            }
            case IM_HTTP -> {
                if (data.password() == null) {
                    throw ApiException.missing("data.password (the IM app's login password, for login.exportLogin)");
                }
            }
            case CHAT68_WS -> { } // the engine is already logged in: engine_url is all it takes
        }
        boolean lineDevice = protocol == Protocol.LINE_DEVICE;
        LoginRequest req = new LoginRequest(data.vcRobotSerialNo(), protocol.name(), data.deviceNo(), engineUrl,
                data.phone(), data.countryCode(), data.username(), data.password(), data.cacheInfo(),
                lineDevice && Boolean.TRUE.equals(data.isCacheLogin()),
                lineDevice ? (data.loginType() == null ? "0" : data.loginType()) : null, socks5,
                data.email(), data.cert(), data.authToken(), proxy);
        return logins.login(call.merchantId(), call.serialNo(), req);
    }

    private static void refuseFieldsOutside(Protocol protocol, Data d) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("phone", d.phone());
        given.put("country_code", d.countryCode());
        given.put("username", d.username());
        given.put("password", d.password());
        given.put("is_cache_login", d.isCacheLogin());
        given.put("cache_info", d.cacheInfo());
        given.put("socks5", d.socks5());
        given.put("login_type", d.loginType());
        given.put("email", d.email());
        given.put("cert", d.cert());
        given.put("auth_token", d.authToken());
        given.put("proxy", d.proxy());
        List<String> takes = FIELDS.get(protocol);
        for (var f : given.entrySet()) {
            if (f.getValue() != null && !takes.contains(f.getKey())) {
                throw ApiException.invalid("data." + f.getKey() + " does not apply to " + protocol + " robots; their "
                        + "login takes " + String.join(", ", takes) + (protocol == Protocol.CHAT68_WS
                        ? " (the 68chat engine is already logged in)" : ""));
            }
        }
    }

    /** Seed 002: {@code Login} (email, password, cert) or {@code LoginWithToken} (phone, auth_token), never a mix. */
    private static void checkLineWsCredentials(Data d) {
        List<String> email = new ArrayList<>();
        List<String> token = new ArrayList<>();
        if (d.email() != null) email.add("data.email");
        if (d.password() != null) email.add("data.password");
        if (d.cert() != null) email.add("data.cert");
        if (d.phone() != null) token.add("data.phone");
        if (d.authToken() != null) token.add("data.auth_token");
        String pairs = "a LINE_WS login is either data.email + data.password (optionally data.cert) or "
                + "data.phone + data.auth_token";
        if (!email.isEmpty() && !token.isEmpty()) {
            throw ApiException.invalid(String.join(", ", email) + " and " + String.join(", ", token)
                    + " cannot be combined: " + pairs);
        }
        if (email.isEmpty() && token.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, "data.email and data.password, or data.phone and "
                    + "data.auth_token, are required: " + pairs);
        }
        if (!email.isEmpty()) {
            if (d.email() == null) {
                throw ApiException.missing("data.email (LINE_WS email login, with data.password)");
            }
            if (d.password() == null) {
                throw ApiException.missing("data.password (LINE_WS email login, with data.email)");
            }
        } else {
            if (d.phone() == null) {
                throw ApiException.missing("data.phone (LINE_WS token login, with data.auth_token)");
            }
            if (d.authToken() == null) {
                throw ApiException.missing("data.auth_token (LINE_WS token login, with data.phone)");
            }
        }
    }

    /**
     * The LINE_WS proxy as the command content carries it: {@code {type, server, port, username, password}}.
     * {@code socks5} is the same thing in seed 001's shape. Seed 002: a socks5 proxy takes no password.
     */
    private ObjectNode lineWsProxy(Data d) {
        if (d.proxy() != null && d.socks5() != null) {
            throw ApiException.invalid("data.proxy and data.socks5 cannot both be given: data.socks5 is a socks5 "
                    + "data.proxy in seed 001's shape; send one of them");
        }
        if (d.proxy() != null) {
            if ("socks5".equals(d.proxy().type()) && d.proxy().password() != null) {
                throw ApiException.invalid("data.proxy.password is not allowed with type socks5: the LINE_WS engine's "
                        + "socks5 proxy takes no password (seed 002); use type http for a proxy with a password");
            }
            return proxyNode(d.proxy().type(), d.proxy().server(), d.proxy().port(), d.proxy().username(),
                    d.proxy().password());
        }
        if (d.socks5() != null) {
            if (d.socks5().pwd() != null) {
                throw ApiException.invalid("data.socks5.pwd is not allowed for LINE_WS: the engine's socks5 proxy "
                        + "takes no password (seed 002); use data.proxy with type http for a proxy with a password");
            }
            return proxyNode("socks5", d.socks5().ip(), d.socks5().port(), d.socks5().user(), null);
        }
        return null;
    }

    private ObjectNode proxyNode(String type, String server, int port, String username, String password) {
        ObjectNode p = json.createObjectNode();
        p.put("type", type);
        p.put("server", server);
        p.put("port", port);
        p.put("username", username);
        p.put("password", password);
        return p;
    }
}

package io.switchboard.account.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.config.AccountConfig;
import io.switchboard.account.model.Device;
import io.switchboard.account.model.PhoneCode;
import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import io.switchboard.account.repository.PhoneCodeRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.CommandPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;

/** Login, logout and the SMS code round: the merchant-initiated half of the robot lifecycle. */
@ApplicationScoped
public class RobotLoginService {
    @Inject
    RobotRepository robots;
    @Inject
    PhoneCodeRepository phoneCodes;
    @Inject
    DeviceService devices;
    @Inject
    RobotLifecycle lifecycle;
    @Inject
    CommandPublisher commands;
    @Inject
    SecretCipher cipher;
    @Inject
    AccountConfig config;
    @Inject
    ObjectMapper json;

    /**
     * A validated login request (see LoginOperation for the wire fields and which protocol takes which).
     * {@code engineUrl} is set, and {@code deviceNo} null, for the engine protocols; {@code engineUrl} is null for
     * LINE_DEVICE. {@code proxy} is LINE_WS's {@code {type, server, port, username, password}} (a {@code socks5}
     * object already converted into it); {@code socks5} is LINE_DEVICE's.
     */
    public record LoginRequest(String robotSerialNo, String protocol, String deviceNo, String engineUrl, String phone,
                               String countryCode, String username, String password, String cacheInfo,
                               boolean cacheLogin, String loginType, ObjectNode socks5, String email, String cert,
                               String authToken, ObjectNode proxy) {
        /** Never the secrets: a record's default toString would print them into any log line that shows it. */
        @Override
        public String toString() {
            return "LoginRequest[robotSerialNo=" + robotSerialNo + ", protocol=" + protocol + ", deviceNo=" + deviceNo
                    + ", engineUrl=" + engineUrl + ", secrets redacted]";
        }
    }

    public record Accepted(String vcRobotSerialNo, String deviceNo, int nState, String vcState) {}

    @Transactional
    public Accepted login(String merchantId, String serialNo, LoginRequest req) {
        Robot robot = robots.lockBySerialNo(req.robotSerialNo()).orElse(null);
        if (robot != null) {
            if (!robot.merchantId.equals(merchantId)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "robot '" + req.robotSerialNo() + "' belongs to another merchant");
            }
            RobotState s = robot.robotState();
            if (s == RobotState.ONLINE || s == RobotState.LIMITED) {
                throw new ApiException(ErrorCode.CONFLICT, "robot '" + req.robotSerialNo() + "' is " + s.word()
                        + "; log it out before logging in again");
            }
            if (s == RobotState.LOGGING_IN) {
                throw new ApiException(ErrorCode.CONFLICT, "a login of robot '" + req.robotSerialNo()
                        + "' is in progress (vcSerialNo " + robot.loginSerialNo + ")");
            }
        }
        // An engine robot is reached at its engine_url: no device is picked for it.
        Device device = !"LINE_DEVICE".equals(req.protocol()) ? null
                : req.deviceNo() != null ? devices.owned(merchantId, req.deviceNo()) : devices.pickOnline(merchantId);

        boolean created = robot == null;
        if (created) {
            robot = new Robot();
            robot.robotSerialNo = req.robotSerialNo();
            robot.merchantId = merchantId;
        }
        if (!req.protocol().equals(robot.protocol)) {
            // The reported link belonged to the previous protocol's link; the new one has reported nothing yet.
            robot.linkState = null;
            robot.linkSince = null;
            robot.linkError = null;
        }
        robot.protocol = req.protocol();
        robot.deviceNo = device == null ? null : device.deviceNo;
        robot.engineUrl = req.engineUrl();
        robot.phone = req.phone();
        robot.countryCode = req.countryCode();
        if (req.username() != null) {
            robot.username = req.username();
        }
        robot.loginSerialNo = serialNo;
        String serial = robot.robotSerialNo;
        if (req.password() != null) {
            robot.passwordEnc = cipher.encrypt(req.password(), SecretContexts.robotPassword(serial));
        }
        if (req.cacheInfo() != null) {
            robot.cacheInfoEnc = cipher.encrypt(req.cacheInfo(), SecretContexts.robotCacheInfo(serial));
        }
        if (req.socks5() != null) {
            robot.socks5Enc = cipher.encrypt(req.socks5().toString(), SecretContexts.robotSocks5(serial));
        }
        if (req.proxy() != null) {
            robot.proxyEnc = cipher.encrypt(req.proxy().toString(), SecretContexts.robotProxy(serial));
        }
        if (req.authToken() != null) {
            robot.authTokenEnc = cipher.encrypt(req.authToken(), SecretContexts.robotAuthToken(serial));
        }
        String cert = null;
        if (req.email() != null) {
            // A cert belongs to the LINE account it was issued to: another e-mail must not be sent the old one.
            if (robot.email != null && !robot.email.equalsIgnoreCase(req.email())) {
                robot.certEnc = null;
            }
            robot.email = req.email();
            if (req.cert() != null) {
                robot.certEnc = cipher.encrypt(req.cert(), SecretContexts.robotCert(serial));
            }
            // Without a given cert, the one stored from an earlier login (or robot.cert.issued) is reused.
            cert = req.cert() != null ? req.cert()
                    : robot.certEnc == null ? null : cipher.decrypt(robot.certEnc, SecretContexts.robotCert(serial));
        }
        lifecycle.transition(robot, RobotState.LOGGING_IN, "login requested", RobotLifecycle.Cause.api("login", serialNo), null);
        if (created) {
            try {
                robots.persistAndFlush(robot);
            } catch (PersistenceException e) {
                throw new ApiException(ErrorCode.CONFLICT, "robot '" + serial + "' was created concurrently; retry");
            }
        }

        ObjectNode params = json.createObjectNode();
        params.put("username", req.username());
        params.put("password", req.password());
        // With no new cache_info, a cache login reuses the one stored from the last login or refresh (LINE_DEVICE
        // only: an engine robot's login has no cache).
        boolean lineDevice = "LINE_DEVICE".equals(req.protocol());
        String cacheInfo = !lineDevice ? null : req.cacheInfo() != null ? req.cacheInfo()
                : robot.cacheInfoEnc == null ? null : cipher.decrypt(robot.cacheInfoEnc, SecretContexts.robotCacheInfo(serial));
        params.put("cacheInfo", cacheInfo);
        params.put("isCacheLogin", req.cacheLogin());
        params.put("countryCode", req.countryCode());
        params.put("phone", req.phone());
        params.put("loginType", req.loginType());
        params.set("socks5", req.socks5());
        // The engine drivers' keys (docs/ENGINES.md); null where the protocol or this login does not use them.
        params.put("email", req.email());
        params.put("cert", cert);
        params.put("authToken", req.authToken());
        params.set("proxy", req.proxy());
        commands.request(serialNo, target(robot), "login", params, config.loginTimeout());
        return new Accepted(serial, robot.deviceNo, RobotState.LOGGING_IN.code(), RobotState.LOGGING_IN.word());
    }

    @Transactional
    public Accepted logout(String merchantId, String serialNo, String robotSerialNo) {
        Robot robot = ownedLocked(merchantId, robotSerialNo);
        if (robot.robotState() == RobotState.LOGGED_OUT) {
            throw new ApiException(ErrorCode.CONFLICT, "robot '" + robotSerialNo + "' is already logged out");
        }
        commands.request(serialNo, target(robot), "logout", Map.of(), config.commandTimeout());
        return new Accepted(robotSerialNo, robot.deviceNo, robot.state, robot.robotState().word());
    }

    /** Stores the merchant's SMS code for the robot's current login; the device takes it once. */
    @Transactional
    public Map<String, String> submitPhoneCode(String merchantId, String robotSerialNo, String code) {
        Robot robot = ownedLocked(merchantId, robotSerialNo);
        ProtocolSupport.require(robot.protocol, "submitPhoneCode");
        if (robot.robotState() != RobotState.LOGGING_IN) {
            throw new ApiException(ErrorCode.CONFLICT, "robot '" + robotSerialNo + "' is not logging in (it is "
                    + robot.robotState().word() + ")");
        }
        PhoneCode round = phoneCodes.latestForLogin(robotSerialNo, robot.loginSerialNo)
                .filter(p -> p.codeEnc == null)
                .orElseGet(() -> {
                    PhoneCode p = new PhoneCode();
                    p.robotSerialNo = robotSerialNo;
                    p.loginSerialNo = robot.loginSerialNo;
                    return p;
                });
        round.codeEnc = cipher.encrypt(code, SecretContexts.robotPhoneCode(robotSerialNo));
        round.submittedAt = Instant.now();
        phoneCodes.persist(round);
        return Map.of("vcRobotSerialNo", robotSerialNo, "loginSerialNo", robot.loginSerialNo);
    }

    private Robot ownedLocked(String merchantId, String robotSerialNo) {
        Robot robot = robots.lockBySerialNo(robotSerialNo)
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "robot '" + robotSerialNo + "' not found"));
        if (!robot.merchantId.equals(merchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "robot '" + robotSerialNo + "' belongs to another merchant");
        }
        return robot;
    }

    /** How a command reaches this robot. */
    public static CommandPublisher.Target target(Robot robot) {
        return new CommandPublisher.Target(robot.merchantId, robot.robotSerialNo, robot.protocol, robot.deviceNo,
                robot.engineUrl, robot.phone);
    }
}

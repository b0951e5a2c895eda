package io.switchboard.account.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.model.PhoneCode;
import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import io.switchboard.account.repository.PhoneCodeRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import io.switchboard.common.event.WebhookTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies what robots reported (through callback-service) to account state: login results, presence,
 * logout, bans and limits, refreshed tokens, LINE_WS certs and PINs, link states, and the robot's friends and
 * contacts ({@link ContactEvents}). Runs inside the consumer's transaction, so the state change,
 * its history row, the merchant webhook and the dedup record commit together. Events that no longer fit the
 * robot's state (late or out of order) are recorded as ignored in the log and change nothing.
 */
@ApplicationScoped
public class RobotEventsConsumer implements EventHandler {
    private static final Logger LOG = Logger.getLogger(RobotEventsConsumer.class);
    /** docs/ENGINES.md "Link state". */
    static final Set<String> LINK_STATES = Set.of("CONNECTED", "RECONNECTING", "DISCONNECTED");
    /** The column's width (V6). */
    static final int LINK_ERROR_MAX = 1024;

    @Inject
    RobotRepository robots;
    @Inject
    PhoneCodeRepository phoneCodes;
    @Inject
    RobotLifecycle lifecycle;
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;
    @Inject
    SecretCipher cipher;
    @Inject
    ContactEvents contacts;

    /** The robot events account-service owns; the rest are skipped before any database work. */
    static final Set<String> TYPES = Set.of(EventTypes.ROBOT_LOGIN_SUCCEEDED, EventTypes.ROBOT_LOGIN_FAILED,
            EventTypes.ROBOT_PHONE_CODE_REQUESTED, EventTypes.ROBOT_HEARTBEAT_LOST, EventTypes.ROBOT_HEARTBEAT_RESUMED,
            EventTypes.ROBOT_LOGGED_OUT, EventTypes.ROBOT_STATUS_CHANGED, EventTypes.ROBOT_TOKEN_REFRESHED,
            EventTypes.ROBOT_CERT_ISSUED, EventTypes.ROBOT_LOGIN_PIN_REQUIRED, EventTypes.ROBOT_LINK_CHANGED,
            EventTypes.CONTACTS_LISTED, EventTypes.CONTACT_ADDED, EventTypes.CONTACTS_SYNCED,
            EventTypes.CONTACT_CHANGED, EventTypes.COMMAND_FAILED);

    @Override
    public String stream() { return Streams.ROBOT_EVENTS; }

    @Override
    public boolean wants(EventEnvelope e) {
        if (!TYPES.contains(e.type())) {
            return false;
        }
        if (!e.type().equals(EventTypes.COMMAND_FAILED)) {
            return true;
        }
        String operation = e.data() == null ? "" : e.data().path("operation").asText("");
        return operation.equals("login") || operation.equals("logout") || ContactEvents.owns(operation);
    }

    @Override
    public void handle(EventEnvelope e) {
        if (e.robotSerialNo() == null) {
            LOG.debugf("event %s (%s) names no robot; ignored", e.id(), e.type());
            return;
        }
        Robot robot = robots.lockBySerialNo(e.robotSerialNo()).orElse(null);
        if (robot == null || (e.merchantId() != null && !robot.merchantId.equals(e.merchantId()))) {
            LOG.warnf("event %s (%s) for unknown robot %s of merchant %s; ignored", e.id(), e.type(),
                    e.robotSerialNo(), e.merchantId());
            return;
        }
        JsonNode d = e.data() == null ? json.createObjectNode() : e.data();
        RobotLifecycle.Cause cause = new RobotLifecycle.Cause(e.type(), e.serialNo(), UUID.fromString(e.id()));
        switch (e.type()) {
            case EventTypes.ROBOT_LOGIN_SUCCEEDED -> loginSucceeded(robot, d, cause);
            case EventTypes.ROBOT_LOGIN_FAILED -> loginFailed(robot, text(d, "reason", "login failed"), cause);
            case EventTypes.ROBOT_PHONE_CODE_REQUESTED -> phoneCodeRequested(robot, cause);
            case EventTypes.ROBOT_HEARTBEAT_LOST -> {
                RobotState s = robot.robotState();
                if (s == RobotState.ONLINE || s == RobotState.LIMITED) {
                    lifecycle.transition(robot, RobotState.OFFLINE, "heartbeat timeout", cause, null);
                }
            }
            case EventTypes.ROBOT_HEARTBEAT_RESUMED -> {
                if (robot.robotState() == RobotState.OFFLINE && "heartbeat timeout".equals(robot.stateReason)) {
                    lifecycle.transition(robot, RobotState.ONLINE, "heartbeat resumed", cause, null);
                }
            }
            case EventTypes.ROBOT_LOGGED_OUT -> loggedOut(robot, text(d, "reason", "logged out"), cause);
            case EventTypes.ROBOT_STATUS_CHANGED -> statusChanged(robot, d, cause);
            case EventTypes.ROBOT_TOKEN_REFRESHED -> {
                if (d.hasNonNull("cacheInfoEnc")) {
                    robot.cacheInfoEnc = d.get("cacheInfoEnc").asText();
                    robot.cacheExpiresAt = epochMs(d, "cacheExpiresAt");
                    robot.updatedAt = Instant.now();
                }
            }
            case EventTypes.ROBOT_CERT_ISSUED -> certIssued(robot, d);
            case EventTypes.ROBOT_LOGIN_PIN_REQUIRED -> pinRequired(robot, d, cause);
            case EventTypes.ROBOT_LINK_CHANGED -> linkChanged(robot, d, e.id());
            case EventTypes.CONTACTS_LISTED -> contacts.listed(robot, e.serialNo(), d);
            case EventTypes.CONTACT_ADDED -> contacts.added(robot, e.serialNo(), d);
            case EventTypes.CONTACTS_SYNCED -> contacts.synced(robot, e.serialNo(), d);
            case EventTypes.CONTACT_CHANGED -> contacts.changed(robot, d);
            case EventTypes.COMMAND_FAILED -> commandFailed(robot, d, cause);
            default -> LOG.debugf("event type %s is not for account-service; ignored", e.type());
        }
    }

    private void loginSucceeded(Robot robot, JsonNode d, RobotLifecycle.Cause cause) {
        if (robot.robotState() != RobotState.LOGGING_IN || !matchesLogin(robot, cause)) {
            LOG.infof("late login success %s for robot %s (state %s); ignored", cause.serialNo(), robot.robotSerialNo,
                    robot.robotState().word());
            return;
        }
        robot.username = text(d, "username", robot.username);
        robot.phone = text(d, "phone", robot.phone);
        robot.countryCode = text(d, "countryCode", robot.countryCode);
        robot.userId = text(d, "userId", robot.userId);
        robot.headImgUrl = text(d, "headImgUrl", robot.headImgUrl);
        robot.appVersion = text(d, "appVersion", robot.appVersion);
        robot.dcVersion = text(d, "dcVersion", robot.dcVersion);
        robot.lineVersion = text(d, "lineVersion", robot.lineVersion);
        if (d.hasNonNull("cacheInfoEnc")) {
            robot.cacheInfoEnc = d.get("cacheInfoEnc").asText(); // encrypted by callback-service, same context
            robot.cacheExpiresAt = epochMs(d, "cacheExpiresAt");
        }
        robot.lastHeartbeatAt = Instant.now();
        ObjectNode data = json.createObjectNode();
        data.put("userId", robot.userId);
        data.put("userName", robot.username);
        data.put("country_code", robot.countryCode);
        data.put("line_version", robot.lineVersion);
        data.put("head_img_url", robot.headImgUrl);
        data.put("phone", robot.phone);
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGIN,
                ResultCodes.OK, "", data);
        lifecycle.transition(robot, RobotState.ONLINE, "login succeeded", cause, null);
    }

    private void loginFailed(Robot robot, String reason, RobotLifecycle.Cause cause) {
        if (robot.robotState() != RobotState.LOGGING_IN || !matchesLogin(robot, cause)) {
            LOG.infof("late login failure %s for robot %s; ignored", cause.serialNo(), robot.robotSerialNo);
            return;
        }
        lifecycle.failLogin(robot, reason, cause);
    }

    private void phoneCodeRequested(Robot robot, RobotLifecycle.Cause cause) {
        if (robot.robotState() != RobotState.LOGGING_IN || !matchesLogin(robot, cause)) {
            return;
        }
        PhoneCode round = new PhoneCode();
        round.robotSerialNo = robot.robotSerialNo;
        round.loginSerialNo = robot.loginSerialNo;
        round.requestedAt = Instant.now();
        phoneCodes.persist(round);
        ObjectNode data = json.createObjectNode();
        data.put("phone", robot.phone);
        data.put("step", "phone_code_required");
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGIN,
                ResultCodes.PHONE_CODE_REQUIRED, "an SMS code was sent to the robot's phone; submit it with submitPhoneCode",
                data);
    }

    /**
     * The LINE_WS certificate after a first email login. It arrives encrypted by callback-service with the robot's
     * cert context and is stored as is; it is opened once here so that a ciphertext that would fail the next login
     * (wrong context or key) is refused now, in the log, rather than then.
     */
    private void certIssued(Robot robot, JsonNode d) {
        String certEnc = text(d, "certEnc", null);
        if (certEnc == null) {
            LOG.warnf("robot.cert.issued for %s has no certEnc; ignored", robot.robotSerialNo);
            return;
        }
        try {
            cipher.decrypt(certEnc, SecretContexts.robotCert(robot.robotSerialNo));
        } catch (RuntimeException ex) {
            LOG.warnf("robot.cert.issued for %s does not open with the robot's cert context (%s); ignored",
                    robot.robotSerialNo, ex.getClass().getSimpleName());
            return;
        }
        robot.certEnc = certEnc;
        robot.updatedAt = Instant.now();
    }

    /** A first LINE_WS email login: the merchant must type the PIN on the robot's phone; the login goes on. */
    private void pinRequired(Robot robot, JsonNode d, RobotLifecycle.Cause cause) {
        if (robot.robotState() != RobotState.LOGGING_IN || !matchesLogin(robot, cause)) {
            LOG.infof("PIN request %s for robot %s that is not logging in with it; ignored", cause.serialNo(),
                    robot.robotSerialNo);
            return;
        }
        String pin = text(d, "pin", null);
        if (pin == null) {
            LOG.warnf("robot.login.pin_required for %s has no pin; ignored", robot.robotSerialNo);
            return;
        }
        ObjectNode data = json.createObjectNode();
        data.put("pin", pin);
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGIN,
                ResultCodes.PIN_REQUIRED, "type the PIN in data.pin on the robot's phone (the LINE app asks for it) "
                        + "to approve this login; the result follows as another 1001", data);
    }

    /**
     * The link state callback-service reports. Consumers may see events out of order, so a report older than the
     * stored one ({@code since}) is ignored; one of the same moment replaces it (a newer lastError).
     */
    private void linkChanged(Robot robot, JsonNode d, String eventId) {
        String state = text(d, "state", "");
        Instant since = epochMs(d, "since");
        if (!LINK_STATES.contains(state) || since == null) {
            LOG.warnf("robot.link.changed %s for %s has state '%s' and since %s; ignored", eventId,
                    robot.robotSerialNo, state.length() > 32 ? state.substring(0, 32) : state, d.path("since"));
            return;
        }
        String protocol = text(d, "protocol", null);
        if (protocol != null && !protocol.equals(robot.protocol)) {
            LOG.infof("robot.link.changed %s for %s is about its %s link, but the robot is %s now; ignored", eventId,
                    robot.robotSerialNo, protocol, robot.protocol);
            return;
        }
        if (robot.linkSince != null && since.isBefore(robot.linkSince)) {
            LOG.debugf("robot.link.changed %s for %s (since %s) is older than the stored one (%s); ignored", eventId,
                    robot.robotSerialNo, since, robot.linkSince);
            return;
        }
        String error = text(d, "lastError", null);
        robot.linkState = state;
        robot.linkSince = since;
        robot.linkError = error == null || error.length() <= LINK_ERROR_MAX ? error
                : error.substring(0, LINK_ERROR_MAX - 1) + "…";
        robot.updatedAt = Instant.now();
    }

    private void loggedOut(Robot robot, String reason, RobotLifecycle.Cause cause) {
        if (robot.robotState() == RobotState.LOGGED_OUT) {
            return;
        }
        ObjectNode data = json.createObjectNode();
        data.put("vcReason", reason);
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGOUT,
                ResultCodes.OK, "", data);
        lifecycle.transition(robot, RobotState.LOGGED_OUT, reason, cause, null);
    }

    private void statusChanged(Robot robot, JsonNode d, RobotLifecycle.Cause cause) {
        int code = d.path("state").asInt(-1);
        RobotState to = RobotState.ofCode(code).filter(RobotLifecycle.VISIBLE::contains).orElse(null);
        if (to == null) {
            LOG.warnf("robot status %s for %s is not one of 0-3; ignored", d.path("state"), robot.robotSerialNo);
            return;
        }
        lifecycle.transition(robot, to, text(d, "reason", ""), cause, d.get("functionalLimits"));
    }

    private void commandFailed(Robot robot, JsonNode d, RobotLifecycle.Cause cause) {
        String operation = text(d, "operation", "");
        String reason = text(d, "reason", "command failed");
        if (operation.equals("login")) {
            loginFailed(robot, reason, cause);
        } else if (operation.equals("logout")) {
            events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGOUT,
                    ResultCodes.COMMAND_FAILED, reason, json.createObjectNode());
        } else if (ContactEvents.owns(operation)) {
            contacts.commandFailed(robot, cause.serialNo(), operation, reason);
        }
    }

    /** A login result counts only for the login in progress (a stale serial must not flip a newer login). */
    private static boolean matchesLogin(Robot robot, RobotLifecycle.Cause cause) {
        return cause.serialNo() == null || cause.serialNo().equals(robot.loginSerialNo);
    }

    private static String text(JsonNode d, String field, String fallback) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? fallback : n.asText();
    }

    private static Instant epochMs(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || !n.canConvertToLong() ? null : Instant.ofEpochMilli(n.asLong());
    }
}

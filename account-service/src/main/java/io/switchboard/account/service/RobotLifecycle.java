package io.switchboard.account.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import io.switchboard.account.model.RobotStateChange;
import io.switchboard.account.repository.RobotStateChangeRepository;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.WebhookTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The robot state machine. Every transition is persisted with its cause, and a merchant-visible change of
 * the 1007 states (0 online, 1 offline, 2 banned, 3 limited) is announced with webhook 1007 in the same
 * transaction. A failed login (logging in → offline) is told by 1001 instead, so it is not announced twice.
 */
@ApplicationScoped
public class RobotLifecycle {
    static final Set<RobotState> VISIBLE = EnumSet.of(RobotState.ONLINE, RobotState.OFFLINE, RobotState.BANNED,
            RobotState.LIMITED);

    @Inject
    RobotStateChangeRepository history;
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;

    public record Cause(String kind, String serialNo, UUID eventId) {
        public static Cause api(String operation, String serialNo) { return new Cause(operation, serialNo, null); }
    }

    /**
     * A login ended without success: webhook 1001 with {@link ResultCodes#LOGIN_FAILED} and the reason, then
     * logging in → offline (no 1007: the 1001 already tells). The caller holds the robot's row lock and has checked
     * that this login is the one in progress.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failLogin(Robot robot, String reason, Cause cause) {
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.LOGIN,
                ResultCodes.LOGIN_FAILED, reason, json.createObjectNode());
        transition(robot, RobotState.OFFLINE, "login failed: " + reason, cause, null);
    }

    /** Moves the robot to {@code to}; returns false (and changes nothing) when it is already there. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean transition(Robot robot, RobotState to, String reason, Cause cause, JsonNode functionalLimits) {
        RobotState from = robot.id == null ? null : robot.robotState();
        if (from == to && robot.id != null) {
            return false;
        }
        robot.state = (short) to.code();
        robot.stateReason = reason;
        robot.updatedAt = Instant.now();

        RobotStateChange change = new RobotStateChange();
        change.robotSerialNo = robot.robotSerialNo;
        change.fromState = from == null ? null : (short) from.code();
        change.toState = (short) to.code();
        change.reason = reason;
        change.cause = cause.kind();
        change.serialNo = cause.serialNo();
        change.eventId = cause.eventId();
        history.persist(change);

        boolean announce = VISIBLE.contains(to) && (to == RobotState.ONLINE || (from != null && VISIBLE.contains(from)));
        if (announce) {
            ObjectNode data = json.createObjectNode();
            data.put("nstate", to.code());
            data.put("vcReason", reason == null ? "" : reason);
            data.set("functional_limits", functionalLimits == null ? json.createArrayNode() : functionalLimits);
            events.notifyMerchant(robot.merchantId, robot.robotSerialNo, cause.serialNo(), WebhookTypes.ACCOUNT_STATE,
                    ResultCodes.OK, "", data);
        }
        return true;
    }
}

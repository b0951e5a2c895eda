package io.switchboard.callback.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.RobotEvents;
import io.switchboard.callback.driver.line.CacheInfo;
import io.switchboard.callback.driver.line.LineCallbacks;
import io.switchboard.callback.presence.RobotPresence;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** RobotHeart, RefreshToken, Logout and RobotStatus: what a logged-in robot reports about itself. */
@ApplicationScoped
public class RobotActions {
    @Inject
    CommandLookup lookup;
    @Inject
    CommandStore store;
    @Inject
    RobotEvents events;
    @Inject
    RobotPresence presence;
    @Inject
    SecretCipher cipher;

    /** A beat; a robot reported lost is reported resumed (once: the lost mark is removed atomically). */
    public LineReply heart(LineRequest r) {
        LineCallbacks.Versions v = LineCallbacks.versions(r.body());
        String robot = lookup.requireRobot(r, null);
        presence.robotBeat(robot, r.merchantId());
        if (presence.clearLost(robot)) {
            try {
                events.publish(EventTypes.ROBOT_HEARTBEAT_RESUMED, r.merchantId(), robot, null, events.data()
                        .put("appVersion", v.appVersion()).put("dcVersion", v.dcVersion())
                        .put("lineVersion", v.lineVersion()));
            } catch (RuntimeException e) {
                presence.markLost(robot); // the next beat tries again
                throw e;
            }
        }
        return LineReply.ok("");
    }

    public LineReply refreshToken(LineRequest r) {
        String cache = LineCallbacks.refreshedCacheInfo(r.body());
        String robot = lookup.requireRobot(r, null);
        ObjectNode data = events.data()
                .put("cacheInfoEnc", cipher.encrypt(cache, SecretContexts.robotCacheInfo(robot)))
                .put("cacheExpiresAt", CacheInfo.expiresAt(cache));
        events.publish(EventTypes.ROBOT_TOKEN_REFRESHED, r.merchantId(), robot, null, data);
        return LineReply.ok("");
    }

    /** The logout command's result (serial given) or a logout the device did by itself (serial ""). */
    public LineReply logout(LineRequest r) {
        LineCallbacks.LogoutResult l = LineCallbacks.logout(r.body());
        CommandRecord c = l.serialNo() == null ? null : lookup.command(r, l.serialNo(), true);
        if (c != null) {
            lookup.requireOperation(c, "logout");
        }
        String robot = lookup.requireRobot(r, c);
        boolean hasMessage = l.message() != null && !l.message().isBlank();
        if (!l.success()) {
            String reason = hasMessage ? l.message() : "logout failed";
            if (c != null && store.finish(c, CommandStatus.FAILED, reason, null)) {
                events.commandFailed(c, reason);
            }
            return LineReply.ok("");
        }
        if (c != null) {
            store.finish(c, CommandStatus.SUCCEEDED, null, null);
        }
        String reason = hasMessage ? l.message() : c != null ? "logged out by the logout command" : "logged out on the device";
        events.publish(EventTypes.ROBOT_LOGGED_OUT, r.merchantId(), robot, c == null ? null : c.serialNo,
                events.data().put("reason", reason).put("serialNo", c == null ? null : c.serialNo));
        presence.forget(robot);
        return LineReply.ok("");
    }

    public LineReply status(LineRequest r) {
        LineCallbacks.RobotStatus s = LineCallbacks.robotStatus(r.body());
        String robot = lookup.requireRobot(r, null);
        ObjectNode data = events.data().put("state", s.state()).put("reason", s.reason());
        data.set("functionalLimits", s.functionalLimits());
        events.publish(EventTypes.ROBOT_STATUS_CHANGED, r.merchantId(), robot, null, data);
        return LineReply.ok("");
    }
}

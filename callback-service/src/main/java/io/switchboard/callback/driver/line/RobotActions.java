package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * RobotHeart, RefreshToken, Logout and RobotStatus: what a logged-in robot reports about itself. Every one names a
 * robot of the device's own merchant ({@link CommandLookup#requireRobot}), or is refused before anything is written.
 */
@ApplicationScoped
public class RobotActions {
    @Inject
    CommandLookup lookup;
    @Inject
    RobotInbound inbound;
    @Inject
    SecretCipher cipher;

    /** A beat; a robot reported lost is reported resumed (once). */
    public LineReply heart(LineRequest r) {
        LineCallbacks.Versions v = LineCallbacks.versions(r.body());
        String robot = lookup.requireRobot(r, null);
        inbound.heartbeat(r.merchantId(), robot, inbound.data().put("appVersion", v.appVersion())
                .put("dcVersion", v.dcVersion()).put("lineVersion", v.lineVersion()));
        return LineReply.ok("");
    }

    public LineReply refreshToken(LineRequest r) {
        String cache = LineCallbacks.refreshedCacheInfo(r.body());
        String robot = lookup.requireRobot(r, null);
        ObjectNode data = inbound.data()
                .put("cacheInfoEnc", cipher.encrypt(cache, SecretContexts.robotCacheInfo(robot)))
                .put("cacheExpiresAt", CacheInfo.expiresAt(cache));
        inbound.report(r.merchantId(), robot, null, new RobotEvent(EventTypes.ROBOT_TOKEN_REFRESHED, data));
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
            if (c != null) {
                inbound.failed(c, hasMessage ? l.message() : "logout failed", null, null);
            }
            return LineReply.ok("");
        }
        if (c == null) {
            inbound.loggedOut(r.merchantId(), robot, DeviceSessions.link(r.deviceNo()),
                    hasMessage ? l.message() : "logged out on the device");
            return LineReply.ok("");
        }
        String reason = hasMessage ? l.message() : "logged out by the logout command";
        inbound.succeeded(c, null, new RobotEvent(EventTypes.ROBOT_LOGGED_OUT,
                inbound.data().put("reason", reason).put("serialNo", c.serialNo)));
        return LineReply.ok("");
    }

    /** An incoming message (DESIGN §4's ReceiveMessage): {@code message.received}, the fields every protocol gives. */
    public LineReply received(LineRequest r) {
        LineCallbacks.ReceivedMessage m = LineCallbacks.receivedMessage(r.body());
        String robot = lookup.requireRobot(r, null);
        ObjectNode data = inbound.data().put("protocol", "LINE_DEVICE").put("messageId", m.msgId())
                .put("fromUserId", m.fromUserId()).put("toUserId", m.toUserId()).put("groupId", m.groupId())
                .put("msgType", RobotInbound.messageType(m.msgType()))
                .put("content", m.content()).put("sentAt", m.msgTime());
        inbound.messageReceived(r.merchantId(), robot, data);
        return LineReply.ok("");
    }

    public LineReply status(LineRequest r) {
        LineCallbacks.RobotStatus s = LineCallbacks.robotStatus(r.body());
        String robot = lookup.requireRobot(r, null);
        ObjectNode data = inbound.data().put("state", s.state()).put("reason", s.reason());
        data.set("functionalLimits", s.functionalLimits());
        inbound.report(r.merchantId(), robot, null, new RobotEvent(EventTypes.ROBOT_STATUS_CHANGED, data));
        return LineReply.ok("");
    }
}

package io.switchboard.callback.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.RobotEvents;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.presence.RobotPresence;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The inbound side of the seam: what a driver calls when its link reports something, in protocol-neutral terms
 * (a command's result, a robot's beat, a logout, any other normalised robot event). The rules that hold for every
 * protocol live here: a result finishes its command once ({@link CommandResults}); a robot is touched only by its
 * own merchant's links; a successful login puts the robot online and its link in the "connected" set, a logout takes
 * both away. Methods marked MANDATORY run in the driver's transaction, so its dedup record commits with them.
 */
@ApplicationScoped
public class RobotInbound {
    @Inject
    CommandStore store;
    @Inject
    CommandResults results;
    @Inject
    RobotLinks links;
    @Inject
    RobotPresence presence;
    @Inject
    RobotEvents events;
    @Inject
    LinkOwnership ownership;
    @Inject
    LinkPusher pusher;

    public ObjectNode data() {
        return events.data();
    }

    // ------------------------------------------------------------------ commands

    public Optional<CommandRecord> command(String serialNo) {
        return QuarkusTransaction.joiningExisting().call(() -> store.find(serialNo));
    }

    /** The command, locked until the caller's transaction ends (a result is about to finish it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommandRecord> lockCommand(String serialNo) {
        return store.lock(serialNo);
    }

    /** The command a link's result names by the driver's correlation id (not locked: to see which it is). */
    public Optional<CommandRecord> commandByCorrelation(LinkId link, String correlationId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                store.findByCorrelation(link.protocol(), link.key(), correlationId));
    }

    /** The command a link's result names by the driver's correlation id, locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommandRecord> lockByCorrelation(LinkId link, String correlationId) {
        return store.lockByCorrelation(link.protocol(), link.key(), correlationId);
    }

    /** The command succeeded; false (and nothing changes) when it was finished already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean succeeded(CommandRecord c, JsonNode result, RobotEvent event) {
        if (!results.succeeded(c, result, event)) {
            return false;
        }
        if ("login".equals(c.operation)) {
            online(c.robotSerialNo);
        } else if ("logout".equals(c.operation)) {
            offline(c.robotSerialNo, new LinkId(c.protocol, c.linkKey));
        }
        return true;
    }

    /** The command failed with {@code reason}; false (and nothing changes) when it was finished already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean failed(CommandRecord c, String reason, JsonNode result, RobotEvent event) {
        return results.failed(c, CommandStatus.FAILED, reason, result, event);
    }

    // ------------------------------------------------------------------ links

    /** The link is up on this replica and can carry commands ({@link RobotDriver#holds} is true): what waits goes out. */
    public void linkUp(LinkId link) {
        pusher.flushAsync(link);
    }

    /**
     * The link dropped while commands waited for their results (or the replica that sent them died): each command
     * {@code resendable} accepts goes back to PENDING and is sent again once the link is back; every other one fails
     * now, because repeating it could act twice. Returns how many went back.
     */
    public int linkDropped(LinkId link, String why, Predicate<CommandRecord> resendable) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int requeued = 0;
            for (CommandRecord c : store.lockPushedFor(link.protocol(), link.key())) {
                if (resendable.test(c)) {
                    store.unmarkPushed(c.serialNo);
                    requeued++;
                } else {
                    results.failed(c, CommandStatus.FAILED, why + " before the result; " + c.operation
                            + " is not re-sent because repeating it could act twice", null, null);
                }
            }
            return requeued;
        });
    }

    /** Fails every command waiting for the link (it can never be opened); returns how many. */
    public int failPending(LinkId link, String reason) {
        int failed = 0;
        List<CommandRecord> waiting = QuarkusTransaction.requiringNew()
                .call(() -> store.pendingFor(link.protocol(), link.key(), 1_000));
        for (CommandRecord c : waiting) {
            if (results.failNow(c.serialNo, reason)) {
                failed++;
            }
        }
        return failed;
    }

    /**
     * The robot's link changed state (docs/ENGINES.md "Link state"): {@code robot.link.changed}, in a transaction of
     * its own, for account-service to show in getRobot.
     */
    public void linkState(RobotLinks.Link link, String state, long since, String lastError) {
        QuarkusTransaction.requiringNew().run(() -> events.publish(EventTypes.ROBOT_LINK_CHANGED, link.merchantId(),
                link.robotSerialNo(), null, data().put("protocol", link.id().protocol()).put("state", state)
                        .put("since", since).put("lastError", lastError)));
    }

    // ------------------------------------------------------------------ robots

    /**
     * The robot, if it belongs to {@code merchantId}; 403 otherwise, also for a robot the platform never had a
     * command for (so a link cannot probe other merchants' robots, and nothing is written for a made-up one).
     */
    public String requireOwnRobot(String merchantId, String robotSerialNo) {
        String owner = links.merchantOf(robotSerialNo);
        if (owner == null || !owner.equals(merchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "robot " + robotSerialNo + " is not a robot of this merchant");
        }
        return robotSerialNo;
    }

    /**
     * A beat of a robot the caller checked with {@link #requireOwnRobot}. A robot that had been reported lost is
     * reported resumed, once: the lost mark is the row's, so this holds even after Redis lost its data.
     */
    public void heartbeat(String merchantId, String robotSerialNo, ObjectNode details) {
        if (!presence.robotBeat(robotSerialNo)) {
            return; // beating all along: the cheap path, one Redis write
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (links.clearLost(robotSerialNo)) {
                    events.publish(EventTypes.ROBOT_HEARTBEAT_RESUMED, merchantId, robotSerialNo, null, details);
                }
            });
        } catch (RuntimeException e) {
            presence.unBeat(robotSerialNo); // the next beat tries again
            throw e;
        }
    }

    /** A beat of the link itself (a device's own heartbeat). */
    public void linkBeat(LinkId link) {
        presence.linkBeat(link.key());
    }

    /** A normalised robot event that finishes no command (a status change, a refreshed token, a code request). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void report(String merchantId, String robotSerialNo, String serialNo, RobotEvent event) {
        events.publish(event.type(), merchantId, robotSerialNo, serialNo, event.data());
    }

    /** The unified {@code msgType} of a content-type word (text, image, …, contact: 0–6); 99 for any other. */
    public static int messageType(String word) {
        int i = word == null ? -1 : ProtocolSupport.MESSAGE_TYPES.indexOf(word.toLowerCase(java.util.Locale.ROOT));
        return i < 0 ? 99 : i;
    }

    /** A message the robot received ({@code message.received}, the normalised fields of docs/EVENTS.md). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void messageReceived(String merchantId, String robotSerialNo, ObjectNode message) {
        events.publish(EventTypes.MESSAGE_RECEIVED, merchantId, robotSerialNo, null, message);
    }

    /** The robot logged out by itself (no command asked for it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void loggedOut(String merchantId, String robotSerialNo, LinkId link, String reason) {
        events.publish(EventTypes.ROBOT_LOGGED_OUT, merchantId, robotSerialNo, null,
                data().put("reason", reason).putNull("serialNo"));
        offline(robotSerialNo, link);
    }

    private void online(String robotSerialNo) {
        links.online(robotSerialNo);
        presence.robotBeat(robotSerialNo);
    }

    private void offline(String robotSerialNo, LinkId link) {
        links.disconnected(robotSerialNo);
        presence.forget(robotSerialNo);
        // An engine link exists for its robot only; a device's link carries other robots too and stays.
        if (link.key().equals(robotSerialNo)) {
            ownership.release(link);
        }
    }
}

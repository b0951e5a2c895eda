package io.switchboard.callback.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.RobotEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The one place that finishes a command. A command is finished only while it is unfinished: the call that
 * finishes it publishes {@code command.succeeded} / {@code command.failed} and the normalised robot event, in the
 * transaction that changes the row; any later result for it (a device's retry, a late engine reply, the deadline
 * sweeper losing a race) changes nothing and publishes nothing. Callers hold the row's lock
 * ({@link CommandStore#lock}).
 */
@ApplicationScoped
public class CommandResults {
    /** A normalised robot event that a result carries (e.g. robot.login.succeeded with the profile). */
    public record RobotEvent(String type, ObjectNode data) {}

    @Inject
    CommandStore store;
    @Inject
    RobotEvents events;
    @Inject
    RobotLinks links;
    @Inject
    LinkOwnership ownership;

    /** SUCCEEDED with {@code result} (shown by getTask; never secrets); false when it was finished already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean succeeded(CommandRecord c, JsonNode result, RobotEvent event) {
        if (!store.finish(c, CommandStatus.SUCCEEDED, null, result == null ? null : result.toString())) {
            return false;
        }
        events.commandSucceeded(c, result);
        publish(c, event);
        return true;
    }

    /** FAILED or TIMED_OUT with a reason; false when it was finished already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean failed(CommandRecord c, CommandStatus status, String reason, JsonNode result, RobotEvent event) {
        if (!status.terminal() || status == CommandStatus.SUCCEEDED) {
            throw new IllegalArgumentException(status + " is not a failure");
        }
        if (!store.finish(c, status, reason, result == null ? null : result.toString())) {
            return false;
        }
        events.commandFailed(c, reason);
        publish(c, event);
        if ("login".equals(c.operation) && c.robotSerialNo != null && c.robotSerialNo.equals(c.linkKey)) {
            // An engine link exists for its robot's login: a failed or timed-out login must not leave the replica
            // reconnecting to that engine for ever.
            links.disconnected(c.robotSerialNo);
            ownership.release(new LinkId(c.protocol, c.linkKey));
        }
        return true;
    }

    /** Fails the command in a transaction of its own, if it is still unfinished; true when this call failed it. */
    public boolean failNow(String serialNo, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> store.lock(serialNo)
                .map(c -> failed(c, CommandStatus.FAILED, reason, null, null)).orElse(false));
    }

    private void publish(CommandRecord c, RobotEvent event) {
        if (event != null) {
            events.publish(event.type(), c.merchantId, c.robotSerialNo, c.serialNo, event.data());
        }
    }
}

package io.switchboard.callback.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.RobotEvents;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.ListParts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;

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
    @Inject
    ObjectMapper json;

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
        if (event == null) {
            return;
        }
        String list = event.type() == null ? null : LIST_FIELDS.get(event.type());
        if (list == null) {
            events.publish(event.type(), c.merchantId, c.robotSerialNo, c.serialNo, event.data());
            return;
        }
        // A complete list can be 15 MB: it goes as parts of at most ~1 MB, each its own robot event with the
        // command's serial, and the owner stores the list as complete once it has every part (docs/SOCIAL.md).
        for (ObjectNode part : ListParts.listParts(json, event.data(), list, ListParts.DATA_BYTES)) {
            events.publish(event.type(), c.merchantId, c.robotSerialNo, c.serialNo, part);
        }
    }

    /** The list results that go in parts, and the field that holds each one's entries. */
    static final Map<String, String> LIST_FIELDS = Map.of(EventTypes.CONTACTS_LISTED, "contacts",
            EventTypes.GROUPS_LISTED, "groups");

    /**
     * What getTask shows for a result that carries {@code event}: a list's entry count rather than the list (a
     * 5,000-friend list belongs in the owner's store, not in the command row and {@code command.succeeded}); any
     * other event's data as it is.
     */
    public static JsonNode resultOf(RobotEvent event, ObjectMapper json) {
        String list = event.type() == null ? null : LIST_FIELDS.get(event.type());
        return list == null ? event.data() : json.createObjectNode().put(list, event.data().path(list).size());
    }
}

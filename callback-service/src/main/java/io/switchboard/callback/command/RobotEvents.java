package io.switchboard.callback.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Publishes normalised robot events to {@code sb:robot-events} through the outbox, in the caller's transaction,
 * so an event exists exactly when the command-status change it reports does (docs/LINE_DEVICE.md lists them).
 */
@ApplicationScoped
public class RobotEvents {
    public static final String SOURCE = "callback-service";

    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;

    public ObjectNode data() {
        return json.createObjectNode();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String type, String merchantId, String robotSerialNo, String serialNo, ObjectNode data) {
        outbox.publish(Streams.ROBOT_EVENTS, EventEnvelope.create(type, merchantId, robotSerialNo, serialNo, SOURCE, data));
    }

    /** {@code command.failed} {operation, cmd, reason}: a command ended without a protocol-specific result event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commandFailed(CommandRecord c, String reason) {
        ObjectNode d = data().put("operation", c.operation).put("reason", reason);
        if (c.cmd == null) {
            d.putNull("cmd");
        } else {
            d.put("cmd", c.cmd);
        }
        publish(EventTypes.COMMAND_FAILED, c.merchantId, c.robotSerialNo, c.serialNo, d);
    }
}

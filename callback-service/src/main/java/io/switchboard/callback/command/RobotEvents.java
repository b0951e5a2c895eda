package io.switchboard.callback.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Publishes normalised robot events to {@code sb:robot-events} through the shared {@code EventPublisher} (source:
 * the application name), in the caller's transaction,
 * so an event exists exactly when the command-status change it reports does (docs/LINE_DEVICE.md lists them).
 */
@ApplicationScoped
public class RobotEvents {
    @Inject
    EventPublisher publisher;
    @Inject
    ObjectMapper json;

    public ObjectNode data() {
        return json.createObjectNode();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String type, String merchantId, String robotSerialNo, String serialNo, ObjectNode data) {
        publisher.publish(Streams.ROBOT_EVENTS, type, merchantId, robotSerialNo, serialNo, data);
    }

    /** {@code command.succeeded} {operation, protocol, result}: published once, by CommandResults. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commandSucceeded(CommandRecord c, JsonNode result) {
        ObjectNode d = data().put("operation", c.operation).put("protocol", c.protocol);
        d.set("result", result);
        publish(EventTypes.COMMAND_SUCCEEDED, c.merchantId, c.robotSerialNo, c.serialNo, d);
    }

    /** {@code command.failed} {operation, protocol, status, reason}: published once, by CommandResults. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commandFailed(CommandRecord c, String reason) {
        ObjectNode d = data().put("operation", c.operation).put("protocol", c.protocol)
                .put("status", c.status.name()).put("reason", reason);
        publish(EventTypes.COMMAND_FAILED, c.merchantId, c.robotSerialNo, c.serialNo, d);
    }
}

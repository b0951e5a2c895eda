package io.switchboard.account.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.account.model.Robot;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.CommandRequest;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * Asks the robot's link for a unified operation: a {@code command.requested} event on {@code sb:commands},
 * written with the state change. The parameters are encrypted because a login carries secrets.
 */
@ApplicationScoped
public class CommandPublisher {
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;
    @Inject
    SecretCipher cipher;

    @Transactional(Transactional.TxType.MANDATORY)
    public void request(String serialNo, Robot robot, String operation, Object parameters, Duration timeout) {
        String content;
        try {
            content = json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        CommandRequest req = new CommandRequest(operation, robot.protocol, robot.deviceNo, robot.engineUrl, robot.phone,
                cipher.encrypt(content, SecretContexts.commandContent(serialNo)),
                System.currentTimeMillis() + timeout.toMillis());
        events.publish(Streams.COMMANDS, EventTypes.COMMAND_REQUESTED, robot.merchantId, robot.robotSerialNo, serialNo,
                json.valueToTree(req));
    }
}

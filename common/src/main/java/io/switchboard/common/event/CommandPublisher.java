package io.switchboard.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * Asks a robot's link for a unified operation, for every domain service: a {@code command.requested} event on
 * {@code sb:commands}, written in the caller's transaction with the state change that asked for it. The parameters
 * are encrypted because some carry secrets (a login's password).
 */
@ApplicationScoped
public class CommandPublisher {
    /** The robot a command is for, and how it is reached (a LINE device's number, or an engine's URL). */
    public record Target(String merchantId, String robotSerialNo, String protocol, String deviceNo, String engineUrl,
                         String phone) {}

    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;
    @Inject
    SecretCipher cipher;

    @Transactional(Transactional.TxType.MANDATORY)
    public void request(String serialNo, Target robot, String operation, Object parameters, Duration timeout) {
        String content;
        try {
            content = json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        CommandRequest req = new CommandRequest(operation, robot.protocol(), robot.deviceNo(), robot.engineUrl(),
                robot.phone(), cipher.encrypt(content, SecretContexts.commandContent(serialNo)),
                System.currentTimeMillis() + timeout.toMillis());
        events.publish(Streams.COMMANDS, EventTypes.COMMAND_REQUESTED, robot.merchantId(), robot.robotSerialNo(),
                serialNo, json.valueToTree(req));
    }
}

package io.switchboard.callback.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.driver.Drivers;
import io.switchboard.callback.driver.RobotDriver;
import io.switchboard.common.event.CommandRequest;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Takes {@code command.requested} from {@code sb:commands} and stores the command (idempotently, by serial).
 * Dispatch happens only after commit ({@link CommandDispatcher}), so a device never gets a command whose row
 * could still roll back. A command its driver refuses fails at once, with a {@code command.failed} event.
 */
@ApplicationScoped
public class CommandConsumer implements EventHandler {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    @Inject
    CommandStore store;
    @Inject
    Drivers drivers;
    @Inject
    RobotEvents events;
    @Inject
    ObjectMapper json;
    @Inject
    Event<CommandStored> stored;

    @ConfigProperty(name = "switchboard.commands.default-timeout", defaultValue = "300s")
    Duration defaultTimeout;

    /** Fired in the storing transaction; observed after commit. */
    public record CommandStored(String serialNo) {}

    @Override
    public String stream() {
        return Streams.COMMANDS;
    }

    @Override
    public void handle(EventEnvelope e) {
        if (!EventTypes.COMMAND_REQUESTED.equals(e.type())) {
            LOG.debugf("event type %s is not for callback-service's command consumer; ignored", e.type());
            return;
        }
        CommandRequest req = parse(e);
        if (req == null) {
            return;
        }
        CommandRecord c = toRecord(e, req);
        Optional<RobotDriver> driver = drivers.forProtocol(req.protocol());
        driver.ifPresent(d -> c.cmd = d.cmd(req.operation()));
        String refusal = driver.isPresent() ? driver.get().refusal(c)
                : "protocol " + req.protocol() + " is not supported yet";
        if (refusal != null) {
            c.status = CommandStatus.FAILED;
            c.reason = refusal;
            c.completedAt = Instant.now();
            c.contentEnc = null;
        }
        if (!store.insertIfAbsent(c)) {
            LOG.debugf("command %s was already stored; request %s ignored", c.serialNo, e.id());
            return;
        }
        if (refusal != null) {
            events.commandFailed(c, refusal);
        } else {
            stored.fire(new CommandStored(c.serialNo));
        }
    }

    /** A request that can never be stored is logged and dropped (retrying it would not help). */
    private CommandRequest parse(EventEnvelope e) {
        String problem = null;
        CommandRequest req = null;
        if (e.serialNo() == null || e.serialNo().isBlank() || e.serialNo().length() > 64) {
            problem = "no usable serialNo";
        } else if (e.merchantId() == null || e.data() == null) {
            problem = "no merchantId or data";
        } else {
            try {
                req = json.treeToValue(e.data(), CommandRequest.class);
                if (req.operation() == null || req.protocol() == null) {
                    problem = "no operation or protocol";
                } else if (req.operation().length() > 32 || req.protocol().length() > 16) {
                    problem = "operation or protocol too long";
                }
            } catch (JsonProcessingException ex) {
                problem = "data is not a CommandRequest: " + ex.getOriginalMessage();
            }
        }
        if (problem != null) {
            LOG.errorf("command request %s cannot be stored (%s); dropped", e.id(), problem);
            return null;
        }
        return req;
    }

    private CommandRecord toRecord(EventEnvelope e, CommandRequest req) {
        Instant now = Instant.now();
        CommandRecord c = new CommandRecord();
        c.serialNo = e.serialNo();
        c.merchantId = e.merchantId();
        c.robotSerialNo = e.robotSerialNo();
        c.deviceNo = req.deviceNo();
        c.protocol = req.protocol();
        c.operation = req.operation();
        c.phone = req.phone();
        c.contentEnc = req.contentEnc();
        c.status = CommandStatus.PENDING;
        c.createdAt = now;
        c.deadlineAt = req.deadlineAt() > 0 ? Instant.ofEpochMilli(req.deadlineAt()) : now.plus(defaultTimeout);
        return c;
    }
}

package io.switchboard.callback.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.callback.link.Drivers;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.RobotDriver;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.api.Formats;
import io.switchboard.common.event.CommandRequest;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Takes {@code command.requested} from {@code sb:commands} and stores the command (idempotently, by serial) with
 * the link that carries it, and records the robot's link ({@code robot_link}). Dispatch happens only after commit
 * ({@code link.LinkRouter}), so a link never gets a command whose row could still roll back. A command that cannot
 * be carried out — no driver for its protocol, refused by its driver, or a malformed request — is stored FAILED at
 * once with {@code command.failed}, so its owner never waits for it.
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
    RobotLinks links;
    @Inject
    ObjectMapper json;
    @Inject
    Event<CommandStored> stored;
    @Inject
    CallbackConfig config;

    /** Fired in the storing transaction; observed after commit. */
    public record CommandStored(String serialNo, LinkId link) {}

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
        if (!Formats.isId(e.serialNo()) || !Formats.isId(e.merchantId())) {
            // Without a usable serial and merchant there is no row to fail and nobody to tell; account-service's
            // own login deadline frees a robot waiting for such a command.
            LOG.errorf("command request %s has no usable serialNo or merchantId; dropped", e.id());
            return;
        }
        CommandRecord c = new CommandRecord();
        c.serialNo = e.serialNo();
        c.merchantId = e.merchantId();
        c.robotSerialNo = Formats.isRobotSerial(e.robotSerialNo()) ? e.robotSerialNo() : null;
        c.createdAt = Instant.now();
        c.status = CommandStatus.PENDING;

        CommandRequest req = null;
        String problem;
        try {
            req = e.data() == null ? null : json.treeToValue(e.data(), CommandRequest.class);
            problem = problem(req, c);
        } catch (JsonProcessingException ex) {
            problem = "the command request is malformed: " + ex.getOriginalMessage();
        }
        RobotDriver driver = null;
        if (problem == null) {
            c.protocol = req.protocol();
            c.operation = req.operation();
            c.phone = req.phone();
            c.contentEnc = req.contentEnc();
            c.deadlineAt = req.deadlineAt() > 0 ? Instant.ofEpochMilli(req.deadlineAt())
                    : c.createdAt.plus(config.commands().defaultTimeout());
            driver = drivers.forProtocol(req.protocol()).orElse(null);
            if (driver == null) {
                problem = "protocol " + req.protocol() + " is not supported yet";
            } else {
                c.linkKey = driver.linkKey(req, c.robotSerialNo);
                problem = driver.refusal(c);
            }
        } else {
            c.protocol = req != null && req.protocol() != null ? clip(req.protocol(), 16) : "UNKNOWN";
            c.operation = req != null && req.operation() != null ? clip(req.operation(), 32) : "unknown";
            c.deadlineAt = c.createdAt;
        }
        if (problem != null) {
            c.status = CommandStatus.FAILED;
            c.reason = problem;
            c.completedAt = c.createdAt;
            c.contentEnc = null;
        }
        if (!store.insertIfAbsent(c)) {
            LOG.debugf("command %s was already stored; request %s ignored", c.serialNo, e.id());
            return;
        }
        if (problem != null) {
            LOG.warnf("command %s (%s, %s) failed at once: %s", c.serialNo, c.protocol, c.operation, problem);
            events.commandFailed(c, problem);
            return;
        }
        if (c.robotSerialNo != null) {
            links.record(c.robotSerialNo, c.merchantId, new LinkId(c.protocol, c.linkKey), req.engineUrl(),
                    "login".equals(c.operation));
        }
        stored.fire(new CommandStored(c.serialNo, new LinkId(c.protocol, c.linkKey)));
    }

    /** What makes the request impossible to carry out, or null. */
    private static String problem(CommandRequest req, CommandRecord c) {
        if (req == null) {
            return "the command request has no data";
        }
        if (req.operation() == null || req.protocol() == null) {
            return "the command request names no operation or protocol";
        }
        if (req.operation().length() > 32 || req.protocol().length() > 16) {
            return "the command request's operation or protocol is too long";
        }
        if (c.robotSerialNo == null) {
            return "the command request names no usable robot";
        }
        return null;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}

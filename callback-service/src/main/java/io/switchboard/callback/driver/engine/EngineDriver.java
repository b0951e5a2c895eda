package io.switchboard.callback.driver.engine;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.event.CommandRequest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the three engine drivers share: a link per robot (key = robot serial), taken over when its replica dies, held
 * as one {@link EngineSession} per owned robot. A protocol's driver names its operations and opens its session.
 */
public abstract class EngineDriver<S extends EngineSession> implements RobotDriver {
    @Inject
    protected EngineRuntime runtime;

    private final Map<String, S> sessions = new ConcurrentHashMap<>();

    /** A new, unstarted session for the link. */
    protected abstract S session(RobotLinks.Link link);

    /** The unified operations this driver carries out today. */
    protected abstract Set<String> operations();

    @Override
    public String linkKey(CommandRequest request, String robotSerialNo) {
        return robotSerialNo;
    }

    @Override
    public String refusal(CommandRecord c) {
        if (!ProtocolSupport.supports(protocol(), c.operation)) {
            return c.operation + " is not supported by protocol " + protocol() + " (docs/PROTOCOLS.md)";
        }
        if (!operations().contains(c.operation)) {
            return "operation " + c.operation + " is not implemented by the " + protocol() + " driver yet";
        }
        return OutboundMessage.isSend(c.operation)
                ? OutboundMessage.refusal(protocol(), c.operation, runtime.content(c)) : null;
    }

    @Override
    public boolean takesOver() {
        return true;
    }

    @Override
    public boolean holds(String linkKey) {
        S s = sessions.get(linkKey);
        return s != null && s.ready();
    }

    @Override
    public void acquired(RobotLinks.Link link) {
        if (link.engineUrl() == null) {
            // A command for a robot that never logged in here: there is no engine to open, so nothing can wait for it.
            runtime.inbound().failPending(link.id(), "the " + protocol() + " robot " + link.robotSerialNo()
                    + " has no engine_url: log it in (login with engine_url) before other operations");
            throw new IllegalStateException("robot " + link.robotSerialNo() + " has no engine_url");
        }
        S s = session(link);
        S previous = sessions.put(link.id().key(), s);
        if (previous != null) {
            previous.stop(false);
        }
        s.begin();
    }

    @Override
    public void lost(String linkKey) {
        S s = sessions.remove(linkKey);
        if (s != null) {
            s.stop(false);
        }
    }

    @Override
    public void released(String linkKey) {
        S s = sessions.remove(linkKey);
        if (s != null) {
            s.stop(true);
        }
    }

    @Override
    public void send(String linkKey, CommandRecord command) {
        S s = sessions.get(linkKey);
        if (s == null || !s.ready()) {
            throw new LinkGone("the " + protocol() + " link of " + linkKey + " is not open here");
        }
        s.send(command);
    }

    /** The session held for a robot (tests and admin views). */
    public S session(String linkKey) {
        return sessions.get(linkKey);
    }

    public int open() {
        return sessions.size();
    }
}

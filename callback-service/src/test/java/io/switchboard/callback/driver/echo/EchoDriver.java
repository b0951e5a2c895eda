package io.switchboard.callback.driver.echo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.RobotDriver;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.event.CommandRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test double of an engine protocol, added the way a real one is: this package under {@code driver/} and nothing
 * else. Its "engine" lives in memory: {@link #acquired} opens a connection, {@link #send} hands the command to it,
 * and the engine answers a moment later through the seam's inbound side, correlated by its own task id.
 */
@ApplicationScoped
public class EchoDriver implements RobotDriver {
    public static final String PROTOCOL = "TEST_ECHO";

    /** robot → what the engine received, in order. */
    public static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();
    /** robot → the replica-local connection (the engine URL it was opened with). */
    public static final Map<String, String> OPEN = new ConcurrentHashMap<>();
    /** Links this replica was told it lost or released. */
    public static final List<String> CLOSED = new CopyOnWriteArrayList<>();

    @Inject
    RobotInbound inbound;

    private final ScheduledExecutorService engine = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "echo-engine");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String linkKey(CommandRequest request, String robotSerialNo) {
        return robotSerialNo; // an engine link per robot
    }

    @Override
    public String refusal(CommandRecord command) {
        return "explode".equals(command.operation) ? "operation explode is not supported by protocol " + PROTOCOL : null;
    }

    @Override
    public boolean takesOver() {
        return true;
    }

    @Override
    public void acquired(RobotLinks.Link link) {
        OPEN.put(link.id().key(), String.valueOf(link.engineUrl()));
    }

    @Override
    public void lost(String linkKey) {
        OPEN.remove(linkKey);
        CLOSED.add(linkKey);
    }

    @Override
    public boolean holds(String linkKey) {
        return OPEN.containsKey(linkKey);
    }

    @Override
    public String correlationId(CommandRecord command) {
        return "task-" + command.seq;
    }

    @Override
    public void send(String linkKey, CommandRecord command) {
        RECEIVED.computeIfAbsent(linkKey, k -> new CopyOnWriteArrayList<>()).add(command.serialNo);
        if (command.operation.startsWith("hold")) {
            return; // an engine that received the command and has not answered yet
        }
        String task = correlationId(command);
        engine.schedule(() -> answer(linkKey, task), 20, TimeUnit.MILLISECONDS);
    }

    /** The engine's reply, as a driver's reader thread would report it. Public: tests send it twice. */
    public boolean answer(String linkKey, String task) {
        return QuarkusTransaction.requiringNew().call(() -> inbound
                .lockByCorrelation(new LinkId(PROTOCOL, linkKey), task)
                .map(c -> inbound.succeeded(c, inbound.data().put("task_id", task),
                        new RobotEvent("robot.echo.answered", inbound.data().put("task_id", task))))
                .orElse(false));
    }
}

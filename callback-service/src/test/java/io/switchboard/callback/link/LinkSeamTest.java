package io.switchboard.callback.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.driver.echo.EchoDriver;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.CommandRequest;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The protocol-neutral seam, through a test double driver ({@code driver/echo}, added like any protocol): routing to
 * a link nobody holds, takeover of a dead replica's engine links, correlation of results by the driver's own id, and
 * "a result finishes a command once".
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LinkSeamTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    Outbox outbox;
    @Inject
    SecretCipher cipher;
    @Inject
    ObjectMapper json;
    @Inject
    CommandStore store;
    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    LinkLeases leases;
    @Inject
    Drivers drivers;

    static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private String publish(String merchant, String robot, String operation, String engineUrl) {
        String serial = id("cmd-");
        CommandRequest req = new CommandRequest(operation, EchoDriver.PROTOCOL, null, engineUrl, null,
                cipher.encrypt("{}", SecretContexts.commandContent(serial)), System.currentTimeMillis() + 60_000);
        EventEnvelope e = EventEnvelope.create(EventTypes.COMMAND_REQUESTED, merchant, robot, serial, "test",
                json.valueToTree(req));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(Streams.COMMANDS, e));
        return serial;
    }

    private CommandRecord command(String serial) {
        return QuarkusTransaction.requiringNew().call(() -> store.find(serial).orElse(null));
    }

    /** Null until the consumer stored the command (under load that can take longer than the first poll). */
    private CommandStatus statusOf(String serial) {
        CommandRecord c = command(serial);
        return c == null ? null : c.status;
    }

    @SuppressWarnings("unchecked")
    private long events(String type, String serial) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<String>) em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and event_type = ?2")
                .setParameter(1, Streams.ROBOT_EVENTS).setParameter(2, type).getResultList()).stream()
                .filter(p -> p.contains(serial)).count());
    }

    @Test
    void aNewProtocolPlugsInByItsDriverPackageAlone() {
        assertTrue(drivers.forProtocol(EchoDriver.PROTOCOL).isPresent());
        assertTrue(drivers.forProtocol("LINE_DEVICE").isPresent());
    }

    @Test
    void anEngineCommandOpensItsLinkHereAndItsResultFinishesItExactlyOnce() {
        String robot = id("robot-");
        String serial = publish(id("mch_"), robot, "login", "ws://engine.example/1");

        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.SUCCEEDED);
        assertEquals("ws://engine.example/1", EchoDriver.OPEN.get(robot), "the driver opened the link with its URL");
        CommandRecord done = command(serial);
        assertEquals("task-" + done.seq, done.correlationId, "the driver's own correlation id is on the row");
        assertEquals(robot, done.linkKey);
        assertEquals(leases.me(), leases.liveOwner(new LinkId(EchoDriver.PROTOCOL, robot)));
        assertEquals(1, events(EventTypes.COMMAND_SUCCEEDED, serial));
        assertEquals(1, events("robot.echo.answered", serial));

        // A second result for the finished command (an engine's retry, a late reply) changes nothing.
        assertFalse(bean().answer(robot, done.correlationId));
        assertEquals(1, events(EventTypes.COMMAND_SUCCEEDED, serial));
        assertEquals(1, events("robot.echo.answered", serial));
        assertEquals(CommandStatus.SUCCEEDED, command(serial).status);
    }

    @Test
    void theDeadlineSweeperCannotFailACommandTwiceNorAfterItSucceeded() {
        String robot = id("robot-");
        String serial = publish(id("mch_"), robot, "refuseMe", null);
        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.SUCCEEDED);
        boolean failedAgain = QuarkusTransaction.requiringNew().call(() -> store.lock(serial)
                .map(c -> bean(CommandResults.class).failed(c, CommandStatus.TIMED_OUT, "late", null, null)).orElseThrow());
        assertFalse(failedAgain);
        assertEquals(0, events(EventTypes.COMMAND_FAILED, serial));
        assertEquals(CommandStatus.SUCCEEDED, command(serial).status);
    }

    @Test
    void aRefusedCommandFailsAtOnceWithTheDriversReason() {
        String serial = publish(id("mch_"), id("robot-"), "explode", null);
        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.FAILED);
        assertTrue(command(serial).reason.contains("not supported by protocol TEST_ECHO"), command(serial).reason);
        assertEquals(1, events(EventTypes.COMMAND_FAILED, serial));
    }

    @Test
    void theEngineLinksOfADeadReplicaAreTakenOverWithinTheLeaseAndTheirCommandsGoOut() {
        String robot = id("robot-");
        String merchant = id("mch_");
        LinkId link = new LinkId(EchoDriver.PROTOCOL, robot);
        String dead = "replica-" + id("dead-");
        // Another replica owned the link and died: its liveness key is gone, its owner field is still there.
        redis.hash(String.class).hset(LinkLeases.OWNERS, link.field(), dead);
        QuarkusTransaction.requiringNew().run(() -> bean(RobotLinks.class).record(robot, merchant, link,
                "ws://engine.example/2", true));
        long start = System.nanoTime();
        await().atMost(WAIT).until(() -> leases.me().equals(leases.liveOwner(link)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                "taken over within the (test) lease time");
        assertEquals("ws://engine.example/2", EchoDriver.OPEN.get(robot));

        String serial = publish(merchant, robot, "getFriendList", null);
        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.SUCCEEDED);
        assertEquals(List.of(serial), EchoDriver.RECEIVED.get(robot));
    }

    @Test
    void aDroppedLinkSendsReSendableCommandsAgainAndFailsTheOthersWithAReason() {
        String robot = id("robot-");
        String merchant = id("mch_");
        String query = publish(merchant, robot, "holdQuery", "ws://engine.example/5");
        String send = publish(merchant, robot, "holdSend", null);
        await().atMost(WAIT).until(() -> statusOf(query) == CommandStatus.PUSHED
                && statusOf(send) == CommandStatus.PUSHED);

        int requeued = bean(RobotInbound.class).linkDropped(new LinkId(EchoDriver.PROTOCOL, robot),
                "the engine connection dropped", c -> c.operation.equals("holdQuery"));

        assertEquals(1, requeued);
        CommandRecord failed = command(send);
        assertEquals(CommandStatus.FAILED, failed.status);
        assertEquals("the engine connection dropped before the result; holdSend is not re-sent because repeating it "
                + "could act twice", failed.reason);
        assertEquals(1, events(EventTypes.COMMAND_FAILED, send));
        // The re-sendable one goes out again over the link, which is still held here.
        await().atMost(WAIT).until(() -> EchoDriver.RECEIVED.get(robot).stream().filter(query::equals).count() == 2);
        assertEquals(CommandStatus.PUSHED, command(query).status);
        assertEquals(0, events(EventTypes.COMMAND_FAILED, query));
    }

    @Test
    void aLinkThisReplicaLostToALiveReplicaIsClosedHereByTheReconcile() {
        String robot = id("robot-");
        String serial = publish(id("mch_"), robot, "login", "ws://engine.example/3");
        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.SUCCEEDED);
        LinkId link = new LinkId(EchoDriver.PROTOCOL, robot);
        String other = "replica-" + id("other-");
        redis.value(String.class).psetex(LinkLeases.alive(other), 30_000, "1");
        redis.hash(String.class).hset(LinkLeases.OWNERS, link.field(), other); // its "lose" message was dropped
        bean(LinkMaintenance.class).reconcile();
        assertTrue(EchoDriver.CLOSED.contains(robot));
        assertFalse(bean(LinkOwnership.class).owns(link));
    }

    @Test
    void linksRedisLostAreWrittenBackByTheReconcile() {
        String robot = id("robot-");
        String serial = publish(id("mch_"), robot, "login", "ws://engine.example/4");
        await().atMost(WAIT).until(() -> statusOf(serial) == CommandStatus.SUCCEEDED);
        LinkId link = new LinkId(EchoDriver.PROTOCOL, robot);
        redis.hash(String.class).hdel(LinkLeases.OWNERS, link.field());
        bean(LinkMaintenance.class).reconcile();
        assertEquals(leases.me(), redis.hash(String.class).hget(LinkLeases.OWNERS, link.field()));
    }

    private static EchoDriver bean() {
        return bean(EchoDriver.class);
    }

    private static <T> T bean(Class<T> type) {
        return io.quarkus.arc.Arc.container().instance(type).get();
    }
}

package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.WAIT;
import static io.switchboard.callback.line.LineTestSupport.await;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.callback.link.LinkLeases;
import io.switchboard.callback.link.LinkRouter;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Routing across replicas for LINE devices: the owner map in Redis, "push" and "lose" messages between replicas, and
 * the periodic re-dispatch that makes a lost message cost seconds.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineReplicaRoutingTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    RedisDataSource redis;
    @Inject
    LinkLeases leases;
    @Inject
    CommandStore store;
    @Inject
    SecretCipher cipher;
    @Inject
    ObjectMapper json;

    private String owner(Device d) {
        return redis.hash(String.class).hget(LinkLeases.OWNERS, "LINE_DEVICE|" + d.deviceNo());
    }

    /** Pretends another replica is alive (its liveness key) and owns the device's link. */
    private String otherReplicaOwns(Device d) {
        String other = "replica-" + id("");
        redis.value(String.class).psetex(LinkLeases.alive(other), 30_000, "1");
        redis.hash(String.class).hset(LinkLeases.OWNERS, "LINE_DEVICE|" + d.deviceNo(), other);
        return other;
    }

    @Test
    void theOwnerMapNamesThisReplicaWhileConnectedAndRenewalIsOneKeyPerReplica() throws Exception {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            await(() -> owner(d), leases.me()::equals, "the link to be owned here");
            // Awaited: another test of this module flushes the tests' Redis db, and the key is back at the next renewal.
            await(() -> redis.value(String.class).get(LinkLeases.alive(leases.me())), java.util.Objects::nonNull,
                    "the liveness key");
            assertEquals(0, redis.key().exists("sb:device:owner:" + d.deviceNo()) ? 1 : 0, "no per-device lease key");
            device.disconnect();
            await(() -> owner(d), v -> v == null, "the link to be released");
        }
    }

    @Test
    void aCommandForADeviceOnAnotherLiveReplicaIsSentThere() {
        Device d = registerDevice(id("mch_"));
        String other = otherReplicaOwns(d);
        List<String> received = new CopyOnWriteArrayList<>();
        PubSubCommands.RedisSubscriber sub = redis.pubsub(String.class).subscribe(LinkRouter.channel(other), received::add);
        try {
            String serial = publishCommand(d, id("robot-"), "getFriendList", json.createObjectNode());
            await(() -> received, l -> l.contains("push LINE_DEVICE|" + d.deviceNo()), "a message to the owning replica");
            assertEquals(CommandStatus.PENDING, awaitStatus(serial, CommandStatus.PENDING).status, "only the owner pushes");
        } finally {
            sub.unsubscribe();
        }
    }

    @Test
    void aDeadOwnerIsNoOwnerAndTheDeviceTakesItsLinkWhenItConnectsHere() throws Exception {
        Device d = registerDevice(id("mch_"));
        String dead = "replica-" + id("dead-");
        redis.hash(String.class).hset(LinkLeases.OWNERS, "LINE_DEVICE|" + d.deviceNo(), dead); // no liveness key
        List<String> received = new CopyOnWriteArrayList<>();
        PubSubCommands.RedisSubscriber sub = redis.pubsub(String.class).subscribe(LinkRouter.channel(dead), received::add);
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            String serial = publishCommand(d, id("robot-"), "getFriendList", json.createObjectNode());
            awaitStatus(serial, CommandStatus.PENDING);
            device.connect();
            PushCommand pushed = device.awaitCommand(10002, WAIT);
            assertNotNull(pushed, "the waiting command reached the device on the survivor");
            assertEquals(serial, pushed.serialNo());
            assertEquals(leases.me(), owner(d));
            assertTrue(received.isEmpty(), "nothing was sent to the dead replica: " + received);
        } finally {
            sub.unsubscribe();
        }
    }

    @Test
    void aMessageFromAnotherReplicaMakesThisOnePushAndADroppedOneCostsOneRedispatchPeriod() throws Exception {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            await(() -> owner(d), leases.me()::equals, "the link");
            String viaMessage = storeWithoutDispatch(d, "getGroupList");
            redis.pubsub(String.class).publish(LinkRouter.channel(leases.me()), "push LINE_DEVICE|" + d.deviceNo());
            PushCommand pushed = device.awaitCommand(10008, WAIT);
            assertNotNull(pushed, "the replica did not push after the message");
            assertEquals(viaMessage, pushed.serialNo());
            awaitStatus(viaMessage, CommandStatus.PUSHED);

            // Stored by "another replica" whose routing message was lost: the re-dispatch sends it anyway.
            String dropped = storeWithoutDispatch(d, "getFriendList");
            PushCommand late = device.awaitCommand(10002, WAIT);
            assertNotNull(late, "the command whose dispatch was dropped never arrived");
            assertEquals(dropped, late.serialNo());
        }
    }

    @Test
    void aReplicaThatLosesTheLinkToANewerConnectionClosesItsSocket() throws Exception {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            await(() -> owner(d), leases.me()::equals, "the link");
            String other = otherReplicaOwns(d); // the device connected to another replica meanwhile
            redis.pubsub(String.class).publish(LinkRouter.channel(leases.me()), "lose LINE_DEVICE|" + d.deviceNo());
            await(device::isConnected, connected -> !connected, "the older socket to be closed");
            assertEquals(other, owner(d), "the newer owner keeps the link");
        }
    }

    /** A PENDING command written straight to the table, as a replica that stored it but whose dispatch was lost. */
    private String storeWithoutDispatch(Device d, String operation) {
        String serial = id("cmd-");
        CommandRecord c = new CommandRecord();
        c.serialNo = serial;
        c.merchantId = d.merchantId();
        c.robotSerialNo = id("robot-");
        c.protocol = "LINE_DEVICE";
        c.linkKey = d.deviceNo();
        c.operation = operation;
        c.phone = "8613723896951";
        c.contentEnc = cipher.encrypt("{}", SecretContexts.commandContent(serial));
        c.status = CommandStatus.PENDING;
        c.createdAt = Instant.now();
        c.deadlineAt = Instant.now().plusSeconds(60);
        QuarkusTransaction.requiringNew().run(() -> store.insertIfAbsent(c));
        return serial;
    }
}

package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.WAIT;
import static io.switchboard.callback.line.LineTestSupport.await;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.callback.presence.PresenceKeys;
import io.switchboard.callback.presence.ReplicaId;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Routing across replicas: the socket lease in Redis, and "push device D" messages between replicas. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineReplicaRoutingTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    RedisDataSource redis;
    @Inject
    ReplicaId replica;
    @Inject
    CommandStore store;
    @Inject
    SecretCipher cipher;
    @Inject
    ObjectMapper json;

    @Test
    void theSocketLeaseNamesThisReplicaWhileConnected() throws Exception {
        Device d = registerDevice(id("mch_"));
        String key = PresenceKeys.deviceOwner(d.deviceNo());
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            await(() -> redis.value(String.class).get(key), replica.get()::equals, "the lease to be taken");
            device.disconnect();
            await(() -> redis.value(String.class).get(key), v -> v == null, "the lease to be released");
        }
    }

    @Test
    void aCommandForADeviceOnAnotherReplicaIsSentThere() {
        Device d = registerDevice(id("mch_"));
        String other = "replica-" + id("");
        redis.value(String.class).set(PresenceKeys.deviceOwner(d.deviceNo()), other, new SetArgs().px(30_000));
        List<String> received = new CopyOnWriteArrayList<>();
        PubSubCommands.RedisSubscriber sub = redis.pubsub(String.class)
                .subscribe(PresenceKeys.replicaChannel(other), received::add);
        try {
            String serial = publishCommand(d, id("robot-"), "getFriendList", json.createObjectNode());
            await(() -> received, l -> l.contains(d.deviceNo()), "a message to the owning replica");
            assertEquals(CommandStatus.PENDING, awaitStatus(serial, CommandStatus.PENDING).status,
                    "only the owner pushes");
        } finally {
            sub.unsubscribe();
        }
    }

    @Test
    void aMessageFromAnotherReplicaMakesThisOnePush() throws Exception {
        Device d = registerDevice(id("mch_"));
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            await(() -> redis.value(String.class).get(PresenceKeys.deviceOwner(d.deviceNo())), replica.get()::equals,
                    "the lease");
            // The lease is taken before the on-connect push of pending commands finishes; let that push end, or
            // it would pick up the command below and the test would prove nothing about the message.
            Thread.sleep(1000);
            // A command stored by "another replica": written here without a local dispatch.
            String serial = id("cmd-");
            CommandRecord c = new CommandRecord();
            c.serialNo = serial;
            c.merchantId = d.merchantId();
            c.robotSerialNo = id("robot-");
            c.deviceNo = d.deviceNo();
            c.protocol = "LINE_DEVICE";
            c.operation = "getGroupList";
            c.cmd = 10008;
            c.phone = "8613723896951";
            c.contentEnc = cipher.encrypt("{}", SecretContexts.commandContent(serial));
            c.status = CommandStatus.PENDING;
            c.createdAt = Instant.now();
            c.deadlineAt = Instant.now().plusSeconds(60);
            QuarkusTransaction.requiringNew().run(() -> store.insertIfAbsent(c));
            assertNull(device.awaitCommand(Duration.ofMillis(300)), "nobody told this replica yet");

            redis.pubsub(String.class).publish(PresenceKeys.replicaChannel(replica.get()), d.deviceNo());
            PushCommand pushed = device.awaitCommand(10008, WAIT);
            assertNotNull(pushed, "the replica did not push after the message");
            assertEquals(serial, pushed.serialNo());
            awaitStatus(serial, CommandStatus.PUSHED);
        }
    }
}

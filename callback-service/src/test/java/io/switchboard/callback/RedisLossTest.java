package io.switchboard.callback;

import static io.switchboard.callback.line.LineTestSupport.eventsForRobot;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static io.switchboard.callback.line.LineTestSupport.robotOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.LinkLeases;
import io.switchboard.callback.webhook.WebhookReceiver;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.event.DeadLetters;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Presence;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Redis loss": Redis loses all its data (FLUSHDB of the tests' own db) while events flow, consumers run,
 * a device's socket is open and robots beat — and the service converges without a restart: every event reaches
 * the merchant exactly once, the link's lease and the beating robot's presence come back, and a robot that went
 * silent is still reported lost. Short intervals (the profile) so it converges within seconds.
 */
@QuarkusTest
@TestProfile(RedisLossTest.Fast.class)
class RedisLossTest {
    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.outbox.lost-stream-check-interval", "1s",
                    "switchboard.callback.presence.robot-offline-after", "6s",
                    "switchboard.callback.presence.sweep-interval", "500ms",
                    "switchboard.callback.presence.persist-interval", "500ms",
                    "switchboard.callback.links.reconcile-interval", "1s");
        }
    }

    private static final String MARKER = "sb:outbox-marker:callback-service";
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL base;
    @Inject
    RedisDataSource redis;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;
    @Inject
    LinkLeases leases;
    @Inject
    DeadLetters deadLetters;
    @Inject
    AccountDirectory accounts;

    @Test
    void aFlushWhileEventsFlowConvergesWithoutARestart() throws Exception {
        String merchant = "mch_rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            FakeAccountService.WEBHOOKS.put(merchant, new WebhookTarget(merchant, receiver.url("/hook"),
                    List.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])), true));
            accounts.forgetMerchant(merchant, null);
            Device d = registerDevice(id("mch_"));
            String beating = robotOf(d);
            String silent = robotOf(d);
            LinkId deviceLink = new LinkId("LINE_DEVICE", d.deviceNo());
            try (LineDeviceSimulator device = d.simulator(base.toString())) {
                device.connect(); // the device's push socket: its link is held here
                await().atMost(CONVERGE).until(() -> leases.me().equals(leases.liveOwner(deviceLink)));
                beats.scheduleAtFixedRate(() -> {
                    try {
                        device.robotHeart(beating, "861");
                    } catch (RuntimeException e) {
                        // a beat that fails is a missed beat; the next one comes 300 ms later
                    }
                }, 0, 300, TimeUnit.MILLISECONDS);
                assertTrue(device.robotHeart(silent, "861").success()); // its only beat
                await().atMost(CONVERGE).until(() -> lastSeen(silent) != null);
                // The relay's marker is there, so the flush is detected as "Redis lost its data".
                await().atMost(CONVERGE).until(() -> redis.key(String.class).exists(MARKER));

                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    sent.add(publish(merchant, i));
                }
                await().atMost(CONVERGE).until(() -> delivered(receiver, sent));
                for (int i = 40; i < 80; i++) {
                    sent.add(publish(merchant, i)); // in flight while Redis loses everything
                }
                redis.execute("FLUSHDB"); // a Redis restart without persistence, on the tests' own db
                for (int i = 80; i < 120; i++) {
                    sent.add(publish(merchant, i));
                }

                // Every event reaches the merchant, through consumers that recreated their groups by themselves.
                await().atMost(CONVERGE).until(() -> delivered(receiver, sent));
                // The relay saw the marker missing and sent the window again, pre-flush events included ...
                await().atMost(CONVERGE).until(() -> redis.key(String.class).exists(MARKER)
                        && redis.stream(String.class).xlen(Streams.MERCHANT_EVENTS) >= sent.size());
                // ... and the consumers worked through all of it (nothing left unread or pending) ...
                await().atMost(CONVERGE).until(() -> groupSettled(Streams.MERCHANT_EVENTS));
                // ... deduplicating by event id: each event was delivered once, under its own webhook-id.
                Map<String, Long> perId = receiver.at("/hook").stream()
                        .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
                for (String event : sent) {
                    assertEquals(1L, perId.get(event), "event " + event + " delivered once");
                }
                assertEquals(sent.size(), perId.size(), "nothing else was delivered");
                assertEquals(0L, deliveries(sent) - sent.size(), "one delivery row per event");
                assertTrue(deadLetters.list(Streams.MERCHANT_EVENTS, false, 1000).stream()
                        .noneMatch(dl -> sent.contains(dl.eventId())), "no event became a dead letter");

                // The lease of the open socket is written back, and the beating robot is present again ...
                await().atMost(CONVERGE).until(() -> leases.me().equals(leases.liveOwner(deviceLink)));
                await().atMost(CONVERGE).until(() ->
                        redis.sortedSet(String.class).zscore(Presence.ROBOTS, beating).isPresent());
                // ... while the robot that went silent is reported lost, once, though Redis forgot its beat.
                await().atMost(CONVERGE).until(() -> !eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, silent).isEmpty());
                assertEquals(1, eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, silent).size());
                assertTrue(eventsForRobot(EventTypes.ROBOT_HEARTBEAT_LOST, beating).isEmpty(),
                        "the robot that kept beating was never reported lost");
            }
        } finally {
            beats.shutdownNow();
        }
    }

    private String publish(String merchant, int i) {
        EventEnvelope e = EventEnvelope.create(EventTypes.MERCHANT_NOTIFICATION, merchant, "robot-rl",
                "serial-" + UUID.randomUUID(), "test",
                json.valueToTree(new MerchantNotification(1005, 0, "", json.createObjectNode().put("n", i))));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(Streams.MERCHANT_EVENTS, e));
        return e.id();
    }

    private static boolean delivered(WebhookReceiver receiver, List<String> events) {
        var got = receiver.at("/hook").stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
        return got.containsAll(events);
    }

    /** The service's group on the stream has read everything and has nothing pending. */
    private boolean groupSettled(String stream) {
        for (Response g : redis.execute("XINFO", "GROUPS", stream)) {
            if ("callback-service".equals(field(g, "name"))) {
                return "0".equals(field(g, "pending")) && "0".equals(field(g, "lag"));
            }
        }
        return false;
    }

    /** A field of an XINFO reply, a map under RESP3 and a flat name/value array under RESP2. */
    private static String field(Response r, String name) {
        try {
            Response v = r.get(name);
            return v == null ? null : v.toString();
        } catch (RuntimeException notAMap) {
            for (int i = 0; i + 1 < r.size(); i += 2) {
                if (name.equals(r.get(i).toString())) {
                    return r.get(i + 1) == null ? null : r.get(i + 1).toString();
                }
            }
            return null;
        }
    }

    private long deliveries(List<String> events) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from webhook_delivery where event_id = any(cast(?1 as uuid[]))")
                .setParameter(1, events.toArray(String[]::new)).getSingleResult()).longValue());
    }

    private java.time.Instant lastSeen(String robot) {
        return QuarkusTransaction.requiringNew().call(() -> (java.time.Instant) em.createNativeQuery(
                        "select last_seen_at from robot_link where robot_serial_no = ?1", java.time.Instant.class)
                .setParameter(1, robot).getSingleResult());
    }

}

package io.switchboard.common.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox → Redis stream → idempotent consumer chain against real PostgreSQL and Redis: an event committed
 * with its state change takes effect exactly once, also when the relay sends it twice, when a consumer dies
 * before XACK, and when Redis loses the stream.
 */
@QuarkusTest
class OutboxStreamTest {
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    StreamConsumers consumers;
    @Inject
    Inbox inbox;
    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    DeadLetters deadLetters;

    String stream;
    String name;

    /** Applies an effect row per event: running twice for one event would show as two rows. */
    class EffectHandler implements EventHandler {
        final AtomicBoolean fail = new AtomicBoolean();

        @Override
        public String stream() { return stream; }

        @Override
        public void handle(EventEnvelope e) {
            if (fail.get()) {
                throw new IllegalStateException("handler failure for the test");
            }
            em.createNativeQuery("insert into effect (event_id, name) values (?1, ?2)")
                    .setParameter(1, UUID.fromString(e.id()))
                    .setParameter(2, e.data().get("name").asText())
                    .executeUpdate();
        }
    }

    @BeforeEach
    void freshStream() {
        stream = "test:" + UUID.randomUUID();
        name = "parcel-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String commitParcelWithEvent(boolean rollback) {
        EventEnvelope event = EventEnvelope.create("parcel.created", "m1", null, null, "test",
                json.createObjectNode().put("name", name));
        Runnable work = () -> {
            Parcel p = new Parcel();
            p.name = name;
            em.persist(p);
            outbox.publish(stream, event);
            if (rollback) {
                throw new IllegalStateException("roll back");
            }
        };
        if (rollback) {
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(work));
        } else {
            QuarkusTransaction.requiringNew().run(work);
        }
        return event.id();
    }

    long effects() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from effect where name = ?1").setParameter(1, name).getSingleResult()).longValue());
    }

    long pending() {
        return redis.stream(String.class).xpending(stream, "common-test").getPendingCount();
    }

    void drain(StreamConsumer c) {
        while (c.pollOnce(Duration.ofMillis(50)) > 0) {
            // keep reading until the stream has nothing new
        }
    }

    @Test
    void committedEventTakesEffectOnceEvenWhenRelayedTwice() {
        String id = commitParcelWithEvent(false);
        assertTrue(relay.relayAll() >= 1);
        // A relay that crashed after XADD but before marking the row: the row is sent again.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update outbox_event set published_at = null where event_id = ?1")
                .setParameter(1, UUID.fromString(id)).executeUpdate());
        assertTrue(relay.relayAll() >= 1);
        assertEquals(2, redis.stream(String.class).xlen(stream));

        StreamConsumer c = consumers.create(new EffectHandler());
        c.ensureGroup();
        drain(c);
        assertEquals(1, effects());
        assertEquals(0, pending());
    }

    @Test
    void eventTheServiceDoesNotOwnIsAcknowledgedWithoutAnyDatabaseWrite() {
        String id = commitParcelWithEvent(false);
        relay.relayAll();
        StreamConsumer c = consumers.create(new EffectHandler() {
            @Override
            public boolean wants(EventEnvelope e) {
                return !e.type().equals("parcel.created");
            }
        });
        drain(c);
        assertEquals(0, effects());
        assertEquals(0, pending());
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where event_id = ?1").setParameter(1, UUID.fromString(id))
                .getSingleResult()).longValue());
        assertEquals(0, rows, "no dedup row for an event the service skips");
    }

    @Test
    void rolledBackStateChangePublishesNothing() {
        commitParcelWithEvent(true);
        relay.relayAll();
        assertEquals(0, redis.stream(String.class).xlen(stream));
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from parcel where name = ?1").setParameter(1, name).getSingleResult()).longValue());
        assertEquals(0, rows);
    }

    @Test
    void entryOfAConsumerThatDiedBeforeReadingIsReclaimed() throws Exception {
        commitParcelWithEvent(false);
        relay.relayAll();
        EffectHandler handler = new EffectHandler();
        StreamConsumer survivor = consumers.create(handler);
        survivor.ensureGroup();
        // The dead consumer took the entry and never processed or acknowledged it.
        List<StreamMessage<String, String, String>> taken = redis.stream(String.class)
                .xreadgroup("common-test", "dead-consumer", stream, ">", new XReadGroupArgs().count(10));
        assertEquals(1, taken.size());
        assertEquals(0, survivor.pollOnce(Duration.ofMillis(50)), "nothing new for the survivor");
        assertEquals(0, survivor.reclaimOnce(), "not idle long enough yet");

        // Reclaimed once it has been idle for reclaim-idle (1 s in the test profile).
        await().atMost(Duration.ofSeconds(10)).until(() -> survivor.reclaimOnce() == 1);
        assertEquals(1, effects());
        assertEquals(0, pending());
    }

    @Test
    void entryProcessedButNotAcknowledgedIsNotAppliedTwice() throws Exception {
        commitParcelWithEvent(false);
        relay.relayAll();
        EffectHandler handler = new EffectHandler();
        StreamConsumer survivor = consumers.create(handler);
        survivor.ensureGroup();
        // The dead consumer committed the effect, then died before XACK.
        StreamMessage<String, String, String> m = redis.stream(String.class)
                .xreadgroup("common-test", "dead-consumer", stream, ">", new XReadGroupArgs().count(10)).get(0);
        EventEnvelope e = json.readValue(m.payload().get(Streams.FIELD_EVENT), EventEnvelope.class);
        assertTrue(inbox.processOnce("common-test", stream, e, handler));
        assertEquals(1, pending());

        // Reclaimed once it has been idle for reclaim-idle (1 s in the test profile).
        await().atMost(Duration.ofSeconds(10)).until(() -> survivor.reclaimOnce() == 1);
        assertEquals(1, effects());
        assertEquals(0, pending());
    }

    @Test
    void failingEntryIsRetriedThenDeadLettered() throws Exception {
        String id = commitParcelWithEvent(false);
        relay.relayAll();
        EffectHandler handler = new EffectHandler();
        handler.fail.set(true);
        StreamConsumer c = consumers.create(handler);
        c.ensureGroup();
        assertEquals(0, c.pollOnce(Duration.ofMillis(50)));
        assertEquals(1, pending());
        // max-deliveries is 3 in the test profile: two retries fail, the fourth delivery goes to dead letters.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            c.reclaimOnce();
            return pending() == 0;
        });
        assertEquals(0, pending());
        assertEquals(0, effects());
        List<DeadLetters.DeadLetter> dead = deadLetters.list(stream, false, 50);
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).reason().contains("delivered"), dead.get(0).reason());
        assertEquals(id, dead.get(0).eventId());
        assertEquals("parcel.created", dead.get(0).eventType());
        assertEquals("common-test", dead.get(0).group());
    }

    /** A handler that fails until told otherwise, driven until its entry is dead-lettered. */
    EffectHandler deadLetterOneEvent(StreamConsumer[] consumer) {
        commitParcelWithEvent(false);
        relay.relayAll();
        EffectHandler handler = new EffectHandler();
        handler.fail.set(true);
        StreamConsumer c = consumers.create(handler);
        c.ensureGroup();
        c.pollOnce(Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            c.reclaimOnce();
            return pending() == 0;
        });
        consumer[0] = c;
        return handler;
    }

    @Test
    void deadLettersAreKeptInPostgreSqlAndReplayedAfterRedisLostItsData() {
        StreamConsumer[] c = new StreamConsumer[1];
        EffectHandler handler = deadLetterOneEvent(c);
        redis.execute("FLUSHDB"); // what a Redis restart without persistence does, to the tests' own db
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .queryParam("stream", stream).get("/admin/stream-dead-letters").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(1))
                .body("[0].stream", org.hamcrest.Matchers.equalTo(stream))
                .body("[0].eventType", org.hamcrest.Matchers.equalTo("parcel.created"));

        handler.fail.set(false); // the cause is fixed
        io.restassured.RestAssured.given().post("/admin/stream-dead-letters/replay").then().statusCode(401);
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .queryParam("stream", stream).post("/admin/stream-dead-letters/replay").then().statusCode(200)
                .body("replayed", org.hamcrest.Matchers.equalTo(1))
                .body("entries[0].stream", org.hamcrest.Matchers.equalTo(stream));
        c[0].pollOnce(Duration.ofMillis(50)); // NOGROUP after the flush: the group is recreated at the start
        drain(c[0]);
        assertEquals(1, effects());
        assertTrue(deadLetters.list(stream, false, 10).isEmpty(), "nothing left to replay");
        assertEquals(1, deadLetters.list(stream, true, 10).size(), "the replayed one is kept, marked");
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .queryParam("stream", stream).post("/admin/stream-dead-letters/replay").then().statusCode(200)
                .body("replayed", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void deadLetterIsReplayedOntoItsStreamOnceTheCauseIsFixed() throws Exception {
        StreamConsumer[] consumer = new StreamConsumer[1];
        EffectHandler handler = deadLetterOneEvent(consumer);
        StreamConsumer c = consumer[0];
        String deadId = Long.toString(deadLetters.list(stream, false, 50).get(0).id());
        io.restassured.RestAssured.given().post("/admin/stream-dead-letters/" + deadId + "/replay").then().statusCode(401);
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .post("/admin/stream-dead-letters/" + deadId + "/replay").then().statusCode(200)
                .body("stream", org.hamcrest.Matchers.equalTo(stream));
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .post("/admin/stream-dead-letters/" + deadId + "/replay").then().statusCode(404);
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .post("/admin/stream-dead-letters/not-an-id/replay").then().statusCode(400);

        handler.fail.set(false); // the cause is fixed
        drain(c);
        assertEquals(1, effects());
        assertEquals(0, pending());
    }

    @Test
    void unreadableEntryGoesStraightToDeadLetters() {
        redis.stream(String.class).xadd(stream, Map.of(Streams.FIELD_EVENT, "{not json"));
        StreamConsumer c = consumers.create(new EffectHandler());
        c.ensureGroup();
        assertEquals(1, c.pollOnce(Duration.ofMillis(50)));
        assertEquals(0, pending());
        List<DeadLetters.DeadLetter> dead = deadLetters.list(stream, false, 50);
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).reason().startsWith("unreadable"), dead.get(0).reason());
        assertEquals("{not json", dead.get(0).event());
        String deadId = Long.toString(dead.get(0).id());
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .post("/admin/stream-dead-letters/" + deadId + "/replay").then().statusCode(409);
    }

    @Test
    void redisThatLostItsDataGetsEveryRecentEventAgain() {
        commitParcelWithEvent(false);
        relay.relayAll();
        relay.republishLostStreams(); // sets the marker
        StreamConsumer c = consumers.create(new EffectHandler());
        c.ensureGroup();
        drain(c);
        assertEquals(0, relay.republishLostStreams(), "nothing lost, nothing re-sent");
        // A restarted Redis without persistence: the stream exists again (a consumer recreated it) but is empty,
        // and the marker is gone.
        redis.key(String.class).del(stream, "sb:outbox-marker:common-test");
        c.ensureGroup();
        assertTrue(relay.republishLostStreams() >= 1);
        assertEquals(1, redis.stream(String.class).xlen(stream));
        drain(c);
        assertEquals(1, effects(), "re-sent events are deduplicated");
    }

    @Test
    void streamLostByRedisIsRepublishedFromTheOutbox() {
        commitParcelWithEvent(false);
        relay.relayAll();
        StreamConsumer c = consumers.create(new EffectHandler());
        c.ensureGroup();
        drain(c);
        assertEquals(1, effects());

        redis.key(String.class).del(stream); // what a Redis restart without persistence does
        assertTrue(relay.republishLostStreams() >= 1);
        assertEquals(1, redis.stream(String.class).xlen(stream));
        c.pollOnce(Duration.ofMillis(50)); // NOGROUP: the consumer recreates its group
        drain(c);
        assertEquals(1, effects(), "the republished event is deduplicated");
        assertEquals(0, pending());
    }
}

package io.switchboard.callback.webhook;

import static io.restassured.RestAssured.given;
import static io.switchboard.callback.webhook.WebhookTestSupport.ADMIN;
import static io.switchboard.callback.webhook.WebhookTestSupport.attempts;
import static io.switchboard.callback.webhook.WebhookTestSupport.await;
import static io.switchboard.callback.webhook.WebhookTestSupport.awaitDelivery;
import static io.switchboard.callback.webhook.WebhookTestSupport.deliveryCount;
import static io.switchboard.callback.webhook.WebhookTestSupport.dueNow;
import static io.switchboard.callback.webhook.WebhookTestSupport.newMerchantId;
import static io.switchboard.callback.webhook.WebhookTestSupport.newSecret;
import static io.switchboard.callback.webhook.WebhookTestSupport.notification;
import static io.switchboard.callback.webhook.WebhookTestSupport.publish;
import static io.switchboard.callback.webhook.WebhookTestSupport.signatureVerifies;
import static io.switchboard.callback.webhook.WebhookTestSupport.sql;
import static io.switchboard.callback.webhook.WebhookTestSupport.target;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Merchant webhooks end to end inside callback-service: events go through the real outbox, relay, Redis stream
 * and consumer; deliveries go over real HTTP to {@link WebhookReceiver}, which checks signatures with its own
 * HMAC code. The retry schedule is skipped by making rows due with SQL, never by a test profile.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class WebhookDeliveryTest extends ReceiverTests {
    @Inject
    ObjectMapper json;
    @Inject
    RedisDataSource redis;
    @Inject
    MerchantEventsConsumer consumer;

    @Test
    void notificationPublishedThroughTheOutboxArrivesSignedWithTheSeedBody() throws Exception {
        String merchant = newMerchantId();
        String secret = newSecret();
        String path = "/hook/" + merchant;
        target(merchant, receiver.url(path), secret);

        EventEnvelope event = publish(notification(merchant, 1007,
                json.readTree("{\"nstate\":0,\"vcReason\":\"\",\"functional_limits\":[]}")));

        await(() -> receiver.at(path).size() == 1, () -> "the receiver was not called");
        WebhookReceiver.Received r = receiver.at(path).get(0);
        assertEquals("{\"nResultCode\":0,\"vcResultMsg\":\"\",\"nType\":1007,\"nTimeStamp\":" + event.occurredAt()
                + ",\"optvcSerNo\":\"" + event.serialNo() + "\",\"optvcMerchantId\":\"" + merchant
                + "\",\"optvcRobotSerialNo\":\"robot-1\",\"data\":{\"nstate\":0,\"vcReason\":\"\",\"functional_limits\":[]}}",
                r.body());
        assertEquals(event.id(), r.header("webhook-id"));
        long timestamp = Long.parseLong(r.header("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60, "timestamp is now, in seconds");
        assertTrue(signatureVerifies(r, secret), "signature verifies: " + r.header("webhook-signature"));
        assertEquals("application/json", r.header("content-type"));
        assertEquals("Switchboard-Webhooks/1.0", r.header("user-agent"));

        WebhookDelivery d = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "succeeded");
        assertEquals(1, d.attempts);
        assertEquals(200, d.lastStatusCode);
        assertNotNull(d.deliveredAt);
        List<WebhookAttempt> attempts = attempts(d.id);
        assertEquals(1, attempts.size());
        assertTrue(attempts.get(0).success);

        given().header("Authorization", ADMIN).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_webhook_attempts_seconds_count{outcome=\"success\""));
    }

    @Test
    void everyActiveSecretSigns() throws Exception {
        String merchant = newMerchantId();
        String oldSecret = newSecret();
        String newSecret = newSecret();
        String path = "/hook/" + merchant;
        // A host name this time (resolved, checked, then connected to by address).
        target(merchant, receiver.url(path).replace("127.0.0.1", "localhost"), oldSecret, newSecret);

        publish(notification(merchant, 2001, json.readTree("{\"vcGroupId\":\"g1\"}")));

        await(() -> receiver.at(path).size() == 1, () -> "the receiver was not called");
        WebhookReceiver.Received r = receiver.at(path).get(0);
        String[] signatures = r.header("webhook-signature").split(" ");
        assertEquals(2, signatures.length, r.header("webhook-signature"));
        assertTrue(signatureVerifies(r, oldSecret), "verifies with the old secret");
        assertTrue(signatureVerifies(r, newSecret), "verifies with the new secret");
        assertFalse(signatureVerifies(r, newSecret()), "an unrelated secret does not verify");
    }

    @Test
    void serverErrorIsRetriedWithTheSameIdAndBody() {
        String merchant = newMerchantId();
        String secret = newSecret();
        String path = "/hook/" + merchant;
        receiver.script(path, 500);
        target(merchant, receiver.url(path), secret);

        EventEnvelope event = publish(notification(merchant, 1005, json.createObjectNode().put("Content", "hi")));

        WebhookDelivery failed = awaitDelivery(event.id(),
                x -> x.status == DeliveryStatus.PENDING && x.attempts == 1, "first attempt failed");
        assertEquals(500, failed.lastStatusCode);
        assertEquals("answered 500", failed.lastError);
        long wait = Duration.between(Instant.now(), failed.nextAttemptAt).toSeconds();
        assertTrue(wait >= 2 && wait <= 6, "second attempt is scheduled 5 s later, found " + wait + " s");

        dueNow(failed.id);
        WebhookDelivery done = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "succeeded");
        assertEquals(2, done.attempts);

        List<WebhookAttempt> attempts = attempts(done.id);
        assertEquals(2, attempts.size());
        assertEquals(500, attempts.get(0).statusCode);
        assertFalse(attempts.get(0).success);
        assertEquals(200, attempts.get(1).statusCode);
        assertTrue(attempts.get(1).success);

        List<WebhookReceiver.Received> got = receiver.at(path);
        assertEquals(2, got.size());
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));
        assertEquals(got.get(0).body(), got.get(1).body());
    }

    @Test
    void redirectIsAFailedAttemptAndIsNotFollowed() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        receiver.script(path, 302);
        target(merchant, receiver.url(path), newSecret());
        int movedBefore = receiver.at("/moved").size();

        EventEnvelope event = publish(notification(merchant, 1004, json.createObjectNode()));

        WebhookDelivery d = awaitDelivery(event.id(),
                x -> x.status == DeliveryStatus.PENDING && x.attempts == 1, "first attempt failed");
        assertEquals(302, d.lastStatusCode);
        assertTrue(d.lastError.contains("redirects are not followed"), d.lastError);
        assertEquals(movedBefore, receiver.at("/moved").size(), "the redirect was not followed");
    }

    @Test
    void exhaustedScheduleIsDeadAndAnAdminReplayDelivers() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        receiver.script(path, 503, 503);
        target(merchant, receiver.url(path), newSecret());

        EventEnvelope event = publish(notification(merchant, 1001, json.createObjectNode()));
        WebhookDelivery first = awaitDelivery(event.id(),
                x -> x.status == DeliveryStatus.PENDING && x.attempts == 1, "first attempt failed");

        // Jump to the last entry of the 8-step schedule: the next failure exhausts it.
        sql("update webhook_delivery set schedule_step = 7 where id = " + first.id);
        dueNow(first.id);
        WebhookDelivery dead = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.DEAD, "dead");
        assertEquals(2, dead.attempts);
        assertEquals(503, dead.lastStatusCode);

        given().header("Authorization", ADMIN).get("/admin/deliveries?merchantId=" + merchant + "&status=DEAD")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(dead.id.intValue()));

        given().header("Authorization", ADMIN).post("/admin/deliveries/" + dead.id + "/replay")
                .then().statusCode(202).body("id", equalTo(dead.id.intValue()));
        WebhookDelivery replayed = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.SUCCEEDED,
                "replay succeeded");
        assertEquals(3, replayed.attempts);
        assertEquals(3, receiver.at(path).size());

        given().header("Authorization", ADMIN).get("/admin/deliveries/" + dead.id).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("attempts", hasSize(3))
                .body("attempts[0].statusCode", equalTo(503))
                .body("attempts[2].success", equalTo(true))
                .body("body.optvcMerchantId", equalTo(merchant));
    }

    @Test
    void theSameEventTwiceMakesOneDelivery() throws Exception {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        target(merchant, receiver.url(path), newSecret());
        EventEnvelope event = notification(merchant, 1002, json.createObjectNode());
        String raw = json.writeValueAsString(event);

        // Redelivered by the stream (e.g. a relay resend) ...
        for (int i = 0; i < 2; i++) {
            redis.stream(String.class).xadd(Streams.MERCHANT_EVENTS,
                    Map.of(Streams.FIELD_ID, event.id(), Streams.FIELD_EVENT, raw));
        }
        awaitDelivery(event.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "succeeded");
        // ... and handed to the consumer again after its dedup record is gone.
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(event));

        assertEquals(1, deliveryCount(event.id()));
        assertEquals(1, receiver.at(path).size());
    }

    @Test
    void otherEventTypesAreIgnored() {
        EventEnvelope other = EventEnvelope.create(EventTypes.ROBOT_LOGGED_OUT, newMerchantId(), "robot-1", null,
                "test", json.createObjectNode());
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(other));
        assertEquals(0, deliveryCount(other.id()));
    }

    @Test
    void unknownMerchantIsADeadLetterWithAClearReason() {
        String merchant = newMerchantId(); // never registered: the fake account-service answers 404

        EventEnvelope event = publish(notification(merchant, 1007, json.createObjectNode()));

        WebhookDelivery d = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.DEAD, "dead");
        assertEquals(0, d.attempts, "nothing was sent");
        assertTrue(d.lastError.contains("unknown to account-service"), d.lastError);
        assertTrue(attempts(d.id).isEmpty());
    }

    @Test
    void accountServiceOutageDelaysWithoutSpendingAnAttempt() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        target(merchant, receiver.url(path), newSecret());
        int callsBefore = FakeAccountService.CALLS.get();
        FakeAccountService.down = true;
        try {
            EventEnvelope event = publish(notification(merchant, 1007, json.createObjectNode()));
            WebhookDelivery waiting = awaitDelivery(event.id(),
                    x -> x.status == DeliveryStatus.PENDING && x.lastError != null, "postponed");
            assertTrue(FakeAccountService.CALLS.get() - callsBefore >= 3, "the look-up was retried twice");
            assertEquals(0, waiting.attempts);
            assertTrue(waiting.lastError.contains("account-service is unavailable"), waiting.lastError);
            assertTrue(waiting.nextAttemptAt.isAfter(Instant.now().plusSeconds(15)), "waits before asking again");
            assertTrue(receiver.at(path).isEmpty());

            FakeAccountService.down = false;
            dueNow(waiting.id);
            WebhookDelivery done = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "succeeded");
            assertEquals(1, done.attempts);
        } finally {
            FakeAccountService.down = false;
        }
    }

    @Test
    void refusedUrlIsAFailedAttemptWithThePolicyMessage() {
        String merchant = newMerchantId();
        target(merchant, "http://169.254.169.254/latest/meta-data", newSecret());

        EventEnvelope event = publish(notification(merchant, 1007, json.createObjectNode()));

        WebhookDelivery d = awaitDelivery(event.id(),
                x -> x.status == DeliveryStatus.PENDING && x.attempts == 1, "first attempt refused");
        assertNull(d.lastStatusCode);
        assertTrue(d.lastError.contains("link-local"), d.lastError);
        assertFalse(attempts(d.id).get(0).success);
    }
}
